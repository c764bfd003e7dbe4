#include "model/connection/connectionspec.h"

#include <QCoreApplication>
#include <QStringConverter>
#include <QStringList>
#include <QUrl>

#include <algorithm>
#include <iterator>

namespace dbx::model {

namespace {

// Every keyword libpq 15-17 accepts besides the ones ConnectionSpec has fields for. Checking
// here turns a typo into a message naming it instead of a libpq failure at connect time.
// clang-format off
const char *const knownKeywords[] = {
    "application_name", "channel_binding", "client_encoding", "connect_timeout",
    "fallback_application_name", "gssdelegation", "gssencmode", "gsslib", "hostaddr", "keepalives",
    "keepalives_count", "keepalives_idle", "keepalives_interval", "krbsrvname",
    "load_balance_hosts", "options", "passfile", "replication", "require_auth", "requirepeer",
    "requiressl", "service", "ssl_max_protocol_version", "ssl_min_protocol_version", "sslcert",
    "sslcertmode", "sslcompression", "sslcrl", "sslcrldir", "sslkey", "sslnegotiation",
    "sslpassword", "sslrootcert", "sslsni", "target_session_attrs", "tcp_user_timeout"};
// clang-format on

const char *const sslModes[] = {"disable", "allow",     "prefer",
                                "require", "verify-ca", "verify-full"};

// Keywords that have a ConnectionSpec field; an options entry with one of these names would
// duplicate or override the field.
const char *const fieldKeywords[] = {"host", "port", "dbname", "user", "password", "sslmode"};

// Secrets besides the password: left out wherever the password is.
bool isSecretOption(const QString &key)
{
    return key == QLatin1String("sslpassword");
}

template <std::size_t N> bool containsKeyword(const char *const (&list)[N], QStringView key)
{
    return std::any_of(std::begin(list), std::end(list),
                       [key](const char *k) { return key == QLatin1String(k); });
}

// Only plain lower-case identifiers can be written unquoted as keywords, and libpq has no
// others; anything else in `options` was put there by code, not parsed, and is skipped.
bool isPlainKeyword(const QString &key)
{
    if (key.isEmpty())
        return false;
    return std::all_of(key.cbegin(), key.cend(), [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
               (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_');
    });
}

bool isWritableOption(const QString &key)
{
    return isPlainKeyword(key) && !containsKeyword(fieldKeywords, key);
}

DbError invalid(const QString &message)
{
    DbError error;
    error.kind = DbError::Kind::InvalidSpec;
    error.message = message;
    return error;
}

// Quotes user text inside a message: short, on one line, whatever was pasted.
QString quoted(QStringView text)
{
    constexpr qsizetype maxLength = 40;
    QString shown = text.left(maxLength).toString();
    if (text.size() > maxLength && shown.back().isHighSurrogate())
        shown.chop(1);
    for (QChar &c : shown) {
        if (c.category() == QChar::Other_Control)
            c = QChar::ReplacementCharacter;
    }
    if (text.size() > maxLength)
        shown += QChar(0x2026);
    return QLatin1Char('"') + shown + QLatin1Char('"');
}

// libpq splits keyword/value pairs on C isspace(): ' ', \t, \n, \v, \f and \r only.
bool isAsciiSpace(QChar c)
{
    return c == QLatin1Char(' ') || (c >= QLatin1Char('\t') && c <= QLatin1Char('\r'));
}

void skipSpaces(QStringView text, qsizetype &i)
{
    while (i < text.size() && isAsciiSpace(text[i]))
        ++i;
}

Result<int> parsePort(const QString &value)
{
    if (value.isEmpty())
        return -1; // libpq treats an empty port as "use the default"
    const bool digits = value.size() <= 5 && std::all_of(value.cbegin(), value.cend(), [](QChar c) {
                            return c >= QLatin1Char('0') && c <= QLatin1Char('9');
                        });
    const int port = digits ? value.toInt() : 0;
    if (port < 1 || port > 65535) {
        return invalid(QCoreApplication::translate("ConnectionSpec",
                                                   "Invalid port %1: use a number from 1 to 65535.")
                           .arg(quoted(value)));
    }
    return port;
}

Result<QString> parseSslMode(const QString &value)
{
    const QString mode = value.toLower();
    if (mode.isEmpty() || containsKeyword(sslModes, mode))
        return mode;
    return invalid(QCoreApplication::translate("ConnectionSpec",
                                               "Invalid SSL mode %1: use one of disable, allow, "
                                               "prefer, require, verify-ca or verify-full.")
                       .arg(quoted(value)));
}

// PostgreSQL compares encoding names ignoring case and punctuation; UNICODE is an alias.
bool isUtf8(const QString &encoding)
{
    QString clean;
    for (QChar c : encoding) {
        if (c.isLetterOrNumber())
            clean += c.toLower();
    }
    return clean == QLatin1String("utf8") || clean == QLatin1String("unicode");
}

// Validates one keyword/value pair, wherever it came from, and stores it.
Status applyKeyword(ConnectionSpec &spec, const QString &rawKey, const QString &value)
{
    const QString key = rawKey.toLower();
    if (key == QLatin1String("host")) {
        spec.host = value;
    } else if (key == QLatin1String("port")) {
        const Result<int> port = parsePort(value);
        if (!port)
            return port.error();
        spec.port = port.value();
    } else if (key == QLatin1String("dbname")) {
        spec.database = value;
    } else if (key == QLatin1String("user")) {
        spec.user = value;
    } else if (key == QLatin1String("password")) {
        spec.password = value;
    } else if (key == QLatin1String("sslmode")) {
        const Result<QString> mode = parseSslMode(value);
        if (!mode)
            return mode.error();
        spec.sslMode = mode.value();
    } else if (!containsKeyword(knownKeywords, key)) {
        return invalid(
            QCoreApplication::translate("ConnectionSpec", "Unknown connection keyword %1.")
                .arg(quoted(rawKey)));
    } else if (key == QLatin1String("client_encoding") && !isUtf8(value)) {
        return invalid(QCoreApplication::translate("ConnectionSpec",
                                                   "Client encoding %1 is not supported: DB "
                                                   "Explorer only works with UTF8.")
                           .arg(quoted(value)));
    } else if (value.contains(QLatin1Char(';'))) {
        // QPSQL turns every ';' of its connect options into a space, changing the value.
        return invalid(QCoreApplication::translate("ConnectionSpec",
                                                   "The value of %1 contains a \";\", which the "
                                                   "Qt PostgreSQL driver cannot pass on.")
                           .arg(quoted(key)));
    } else {
        spec.options.insert(key, value);
    }
    return {};
}

// ---- keyword/value strings ----------------------------------------------------------------

// Reads a value the way libpq does: either up to white space or between single quotes, with a
// backslash escaping the next character. A doubled quote inside quotes is also taken as one
// quote, as in SQL; libpq rejects such strings, so no string it accepts changes meaning.
Result<QString> readValue(QStringView text, qsizetype &i, QStringView key)
{
    QString value;
    const qsizetype n = text.size();
    if (i < n && text[i] == QLatin1Char('\'')) {
        for (++i; i < n; ++i) {
            const QChar c = text[i];
            if (c == QLatin1Char('\\')) {
                if (i + 1 < n)
                    value += text[++i];
            } else if (c == QLatin1Char('\'')) {
                if (i + 1 < n && text[i + 1] == QLatin1Char('\'')) {
                    value += c;
                    ++i;
                } else {
                    ++i;
                    return value;
                }
            } else {
                value += c;
            }
        }
        return invalid(QCoreApplication::translate("ConnectionSpec",
                                                   "The quoted value of %1 has no closing quote.")
                           .arg(quoted(key)));
    }
    for (; i < n && !isAsciiSpace(text[i]); ++i) {
        if (text[i] != QLatin1Char('\\'))
            value += text[i];
        else if (i + 1 < n)
            value += text[++i];
    }
    return value;
}

Result<ConnectionSpec> parseKeywordString(QStringView text)
{
    ConnectionSpec spec;
    qsizetype i = 0;
    for (skipSpaces(text, i); i < text.size(); skipSpaces(text, i)) {
        const qsizetype keyStart = i;
        while (i < text.size() && !isAsciiSpace(text[i]) && text[i] != QLatin1Char('='))
            ++i;
        const QStringView key = text.sliced(keyStart, i - keyStart);
        skipSpaces(text, i);
        if (key.isEmpty()) {
            return invalid(QCoreApplication::translate(
                "ConnectionSpec", "A value has no keyword in front of its \"=\"."));
        }
        if (i >= text.size() || text[i] != QLatin1Char('=')) {
            return invalid(QCoreApplication::translate("ConnectionSpec",
                                                       "Missing \"=\" after %1: expected "
                                                       "keyword=value pairs or a "
                                                       "postgresql:// URI.")
                               .arg(quoted(key)));
        }
        ++i;
        skipSpaces(text, i);
        const Result<QString> value = readValue(text, i, key);
        if (!value)
            return value.error();
        if (const Status status = applyKeyword(spec, key.toString(), value.value()); !status)
            return status.error();
    }
    return spec;
}

// ---- URIs ----------------------------------------------------------------------------------

int hexValue(QChar c)
{
    if (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
        return c.unicode() - '0';
    if (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
        return c.unicode() - 'a' + 10;
    if (c >= QLatin1Char('A') && c <= QLatin1Char('F'))
        return c.unicode() - 'A' + 10;
    return -1;
}

// `secret` (the password): messages never quote the text, not even a part of it.
Result<QString> percentDecode(QStringView in, bool secret = false)
{
    const QString inPassword =
        QCoreApplication::translate("ConnectionSpec", "Invalid percent-encoding in the password.");
    if (!in.contains(QLatin1Char('%')))
        return in.toString();
    QByteArray bytes;
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != QLatin1Char('%'))
            continue;
        bytes += in.sliced(runStart, i - runStart).toUtf8();
        const int high = i + 1 < in.size() ? hexValue(in[i + 1]) : -1;
        const int low = i + 2 < in.size() ? hexValue(in[i + 2]) : -1;
        if (high < 0 || low < 0) {
            if (secret)
                return invalid(inPassword);
            return invalid(QCoreApplication::translate("ConnectionSpec",
                                                       "Invalid percent-encoding %1 in the URI.")
                               .arg(quoted(in.sliced(i).left(3))));
        }
        if (high == 0 && low == 0) {
            return invalid(QCoreApplication::translate(
                "ConnectionSpec", "The URI contains an encoded NUL character (%00)."));
        }
        bytes += char(high * 16 + low);
        i += 2;
        runStart = i + 1;
    }
    bytes += in.sliced(runStart).toUtf8();
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString out = decoder.decode(bytes);
    if (decoder.hasError()) {
        if (secret)
            return invalid(inPassword);
        return invalid(QCoreApplication::translate(
                           "ConnectionSpec", "Invalid percent-encoding in %1: the bytes are not "
                                             "valid UTF-8.")
                           .arg(quoted(in)));
    }
    return out;
}

// Reads one entry of a host list: a name, or an IPv6 address in brackets. `i` is left on the
// ':' of a port, the ',' before the next host, or the end.
Result<QString> readHost(QStringView s, qsizetype &i)
{
    QStringView raw;
    if (i < s.size() && s[i] == QLatin1Char('[')) {
        const qsizetype close = s.indexOf(QLatin1Char(']'), i);
        if (close < 0) {
            return invalid(QCoreApplication::translate("ConnectionSpec",
                                                       "Missing \"]\" after the IPv6 address %1.")
                               .arg(quoted(s.sliced(i))));
        }
        raw = s.sliced(i + 1, close - i - 1);
        i = close + 1;
        if (raw.isEmpty() ||
            (i < s.size() && s[i] != QLatin1Char(':') && s[i] != QLatin1Char(','))) {
            return invalid(
                QCoreApplication::translate("ConnectionSpec", "Invalid IPv6 address in host %1.")
                    .arg(quoted(s)));
        }
    } else {
        const qsizetype start = i;
        while (i < s.size() && s[i] != QLatin1Char(':') && s[i] != QLatin1Char(','))
            ++i;
        raw = s.sliced(start, i - start);
        if (raw.contains(QLatin1Char('[')) || raw.contains(QLatin1Char(']'))) {
            return invalid(
                QCoreApplication::translate("ConnectionSpec", "Unbalanced brackets in host %1.")
                    .arg(quoted(raw)));
        }
    }
    return percentDecode(raw);
}

// "h1:5432,[::1]:5432" -> host "h1,::1", port 5432, like libpq's host and port lists. One port
// field cannot hold a different port per host, so those lists are refused.
Status parseHosts(QStringView s, ConnectionSpec &spec)
{
    QStringList hosts;
    QList<int> ports;
    for (qsizetype i = 0;; ++i) {
        const Result<QString> host = readHost(s, i);
        if (!host)
            return host.error();
        hosts << host.value();
        int port = -1;
        if (i < s.size() && s[i] == QLatin1Char(':')) {
            const qsizetype start = ++i;
            while (i < s.size() && s[i] != QLatin1Char(','))
                ++i;
            const Result<QString> text = percentDecode(s.sliced(start, i - start));
            if (!text)
                return text.error();
            const Result<int> parsed = parsePort(text.value());
            if (!parsed)
                return parsed.error();
            port = parsed.value();
        }
        ports << port;
        if (i >= s.size())
            break;
    }
    spec.host = hosts.join(QLatin1Char(','));
    spec.port = ports.first();
    const bool samePort =
        std::all_of(ports.cbegin(), ports.cend(), [&](int port) { return port == spec.port; });
    if (!samePort) {
        return invalid(QCoreApplication::translate("ConnectionSpec",
                                                   "The hosts %1 have different ports; use one "
                                                   "port for all of them.")
                           .arg(quoted(s)));
    }
    return {};
}

Status parseQuery(QStringView query, ConnectionSpec &spec)
{
    for (QStringView param : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype eq = param.indexOf(QLatin1Char('='));
        if (eq < 0) {
            return invalid(QCoreApplication::translate("ConnectionSpec",
                                                       "Missing \"=\" in the URI parameter %1.")
                               .arg(quoted(param)));
        }
        const Result<QString> key = percentDecode(param.left(eq));
        if (!key)
            return key.error();
        const QString lower = key.value().toLower();
        const bool secret = lower == QLatin1String("password") || isSecretOption(lower);
        Result<QString> value = percentDecode(param.sliced(eq + 1), secret);
        if (!value)
            return value.error();
        QString name = key.value();
        // libpq takes ssl=true from JDBC URLs; asyncpg URLs put the SSL mode in "ssl".
        if (name.compare(QLatin1String("ssl"), Qt::CaseInsensitive) == 0) {
            name = QStringLiteral("sslmode");
            if (value.value() == QLatin1String("true") || value.value() == QLatin1String("1"))
                value = QStringLiteral("require");
        }
        if (const Status status = applyKeyword(spec, name, value.value()); !status)
            return status;
    }
    return {};
}

// Length of the scheme when text starts like "scheme://", else -1.
qsizetype schemeLength(QStringView text)
{
    const auto isLetter = [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
               (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
    };
    if (text.isEmpty() || !isLetter(text[0]))
        return -1;
    qsizetype i = 1;
    const auto isSchemeChar = [&](QChar c) {
        return isLetter(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
               c == QLatin1Char('+') || c == QLatin1Char('-') || c == QLatin1Char('.');
    };
    while (i < text.size() && isSchemeChar(text[i]))
        ++i;
    return text.sliced(i).startsWith(QLatin1String("://")) ? i : -1;
}

// postgresql, postgres, and SQLAlchemy's postgresql+driver, whose driver part libpq ignores.
bool isPostgresScheme(const QString &scheme)
{
    for (const QLatin1String base : {QLatin1String("postgresql"), QLatin1String("postgres")}) {
        if (scheme == base)
            return true;
        if (scheme.startsWith(base + QLatin1Char('+'))) {
            const QStringView driver = QStringView(scheme).sliced(base.size() + 1);
            return !driver.isEmpty() && std::all_of(driver.begin(), driver.end(), [](QChar c) {
                return c.isLetterOrNumber() || c == QLatin1Char('_');
            });
        }
    }
    return false;
}

Result<ConnectionSpec> parseUri(QStringView text, qsizetype schemeLen)
{
    const QString scheme = text.left(schemeLen).toString().toLower();
    if (!isPostgresScheme(scheme)) {
        return invalid(QCoreApplication::translate("ConnectionSpec",
                                                   "Unsupported URI scheme %1: use "
                                                   "postgresql://, postgres:// or a "
                                                   "keyword=value string.")
                           .arg(quoted(text.left(schemeLen))));
    }
    QStringView rest = text.sliced(schemeLen + 3);
    QStringView query;
    if (const qsizetype q = rest.indexOf(QLatin1Char('?')); q >= 0) {
        query = rest.sliced(q + 1);
        rest = rest.left(q);
    }
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    const QStringView authority = slash < 0 ? rest : rest.left(slash);
    ConnectionSpec spec;
    QStringView hosts = authority;
    if (const qsizetype at = authority.lastIndexOf(QLatin1Char('@')); at >= 0) {
        const QStringView userInfo = authority.left(at);
        hosts = authority.sliced(at + 1);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        const Result<QString> user = percentDecode(colon < 0 ? userInfo : userInfo.left(colon));
        const Result<QString> password =
            percentDecode(colon < 0 ? QStringView() : userInfo.sliced(colon + 1), true);
        if (!user || !password)
            return !user ? user.error() : password.error();
        spec.user = user.value();
        spec.password = password.value();
    }
    if (const Status status = parseHosts(hosts, spec); !status)
        return status.error();
    if (slash >= 0) {
        const Result<QString> database = percentDecode(rest.sliced(slash + 1));
        if (!database)
            return database.error();
        spec.database = database.value();
    }
    if (const Status status = parseQuery(query, spec); !status)
        return status.error();
    return spec;
}

// ---- writing -------------------------------------------------------------------------------

QString quoteValue(const QString &value)
{
    const bool plain = !value.isEmpty() && std::none_of(value.cbegin(), value.cend(), [](QChar c) {
        return c.isSpace() || c == QLatin1Char('\'') || c == QLatin1Char('\\');
    });
    if (plain)
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

QString encode(const QString &text, const QByteArray &keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, keep));
}

// The authority part of a URI for a TCP host list: every host gets the port, as libpq would
// otherwise use the default port for the hosts without one.
QString uriHosts(const ConnectionSpec &spec)
{
    QStringList hosts;
    for (const QString &host : spec.host.split(QLatin1Char(','))) {
        QString entry = host.contains(QLatin1Char(':'))
                            ? QLatin1Char('[') + encode(host, ":") + QLatin1Char(']')
                            : encode(host);
        if (spec.port > 0)
            entry += QLatin1Char(':') + QString::number(spec.port);
        hosts << entry;
    }
    return hosts.join(QLatin1Char(','));
}

} // namespace

Result<ConnectionSpec> ConnectionSpec::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return invalid(
            QCoreApplication::translate("ConnectionSpec", "The connection string is empty."));
    }
    if (trimmed.contains(QChar(0))) {
        // libpq reads C strings: everything after a NUL would silently be lost.
        return invalid(QCoreApplication::translate(
            "ConnectionSpec", "The connection string contains a NUL character."));
    }
    const qsizetype schemeLen = schemeLength(trimmed);
    if (schemeLen > 0)
        return parseUri(trimmed, schemeLen);
    return parseKeywordString(trimmed);
}

QString ConnectionSpec::toKeywordString(bool withPassword) const
{
    QStringList parts;
    const auto add = [&parts](const QString &key, const QString &value) {
        parts << key + QLatin1Char('=') + quoteValue(value);
    };
    if (!host.isEmpty())
        add(QStringLiteral("host"), host);
    if (port > 0)
        add(QStringLiteral("port"), QString::number(port));
    if (!database.isEmpty())
        add(QStringLiteral("dbname"), database);
    if (!user.isEmpty())
        add(QStringLiteral("user"), user);
    if (withPassword && !password.isEmpty())
        add(QStringLiteral("password"), password);
    if (!sslMode.isEmpty())
        add(QStringLiteral("sslmode"), sslMode);
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        if (isWritableOption(it.key()) && (withPassword || !isSecretOption(it.key())))
            add(it.key(), it.value());
    }
    return parts.join(QLatin1Char(' '));
}

QString ConnectionSpec::toUri() const
{
    QString uri = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        uri += encode(user) + QLatin1Char('@');
    // A socket directory cannot be written in the authority; libpq takes it from ?host=.
    const bool hostInQuery = host.contains(QLatin1Char('/'));
    if (!host.isEmpty() && !hostInQuery)
        uri += uriHosts(*this);
    if (!database.isEmpty())
        uri += QLatin1Char('/') + encode(database);
    QStringList query;
    if (hostInQuery)
        query << QStringLiteral("host=") + encode(host);
    if (port > 0 && (host.isEmpty() || hostInQuery))
        query << QStringLiteral("port=") + QString::number(port);
    if (!sslMode.isEmpty())
        query << QStringLiteral("sslmode=") + encode(sslMode);
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        if (isWritableOption(it.key()) && !isSecretOption(it.key()))
            query << encode(it.key()) + QLatin1Char('=') + encode(it.value());
    }
    if (!query.isEmpty())
        uri += QLatin1Char('?') + query.join(QLatin1Char('&'));
    return uri;
}

QString ConnectionSpec::displayName() const
{
    if (!name.isEmpty())
        return name;
    const QString portSuffix = port > 0 ? QLatin1Char(':') + QString::number(port) : QString();
    if (!host.isEmpty() && !isSocket()) {
        // user@host:5432/db, the way people write it.
        QString label = user.isEmpty() ? QString() : user + QLatin1Char('@');
        QStringList hosts = host.split(QLatin1Char(','));
        for (QString &entry : hosts) {
            if (entry.contains(QLatin1Char(':'))) // IPv6, bracketed as in URIs
                entry = QLatin1Char('[') + entry + QLatin1Char(']');
        }
        label += hosts.join(QLatin1Char(','));
        label += portSuffix;
        if (!database.isEmpty())
            label += QLatin1Char('/') + database;
        return label;
    }
    // Sockets and libpq's defaults: "bob@demo on /tmp/sock".
    QString what = user;
    if (!database.isEmpty())
        what += (what.isEmpty() ? QString() : QStringLiteral("@")) + database;
    QString where;
    if (!host.isEmpty())
        where = host + portSuffix;
    else if (options.contains(QStringLiteral("service")))
        where = QCoreApplication::translate("ConnectionSpec", "service %1")
                    .arg(options.value(QStringLiteral("service")));
    else if (port > 0)
        where = QCoreApplication::translate("ConnectionSpec", "port %1").arg(port);
    if (what.isEmpty() && where.isEmpty())
        return QCoreApplication::translate("ConnectionSpec", "default connection");
    if (what.isEmpty() || where.isEmpty())
        return what + where;
    return QCoreApplication::translate("ConnectionSpec", "%1 on %2").arg(what, where);
}

} // namespace dbx::model
