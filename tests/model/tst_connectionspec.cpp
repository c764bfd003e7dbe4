// Unit tests for ConnectionSpec: every accepted format, every error, hostile input and the
// round trips through toKeywordString() and toUri().
#include "model/connection/connectionspec.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>
#include <QUrl>

#include <initializer_list>
#include <utility>

using dbx::model::ConnectionSpec;
using dbx::model::DbError;

namespace {

QString str(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

using Options = QMap<QString, QString>;

// Builds expected specs field by field; GCC 12 warns about designated initializers that leave
// members to their defaults, which is exactly what these specs want.
class Spec {
public:
    Spec &name(const char *v) { return set(&ConnectionSpec::name, str(v)); }
    Spec &host(const char *v) { return set(&ConnectionSpec::host, str(v)); }
    Spec &port(int v) { return set(&ConnectionSpec::port, v); }
    Spec &database(const char *v) { return set(&ConnectionSpec::database, str(v)); }
    Spec &user(const char *v) { return set(&ConnectionSpec::user, str(v)); }
    Spec &password(const char *v) { return set(&ConnectionSpec::password, str(v)); }
    Spec &sslMode(const char *v) { return set(&ConnectionSpec::sslMode, str(v)); }
    Spec &options(const QMap<QString, QString> &v) { return set(&ConnectionSpec::options, v); }
    operator ConnectionSpec() const { return m_spec; }

private:
    template <typename T> Spec &set(T ConnectionSpec::*field, const T &value)
    {
        m_spec.*field = value;
        return *this;
    }
    ConnectionSpec m_spec;
};

// Lets data rows take a Spec where the column holds a ConnectionSpec.
QTestData &operator<<(QTestData &data, const Spec &spec)
{
    return data << ConnectionSpec(spec);
}

Options opts(std::initializer_list<std::pair<const char *, const char *>> pairs)
{
    Options options;
    for (const auto &[key, value] : pairs)
        options.insert(str(key), str(value));
    return options;
}

QString describe(const Options &options)
{
    QStringList parts;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value();
    return parts.join(QLatin1String(" | "));
}

void compareSpec(const ConnectionSpec &actual, const ConnectionSpec &expected)
{
    QCOMPARE(actual.name, expected.name);
    QCOMPARE(actual.host, expected.host);
    QCOMPARE(actual.port, expected.port);
    QCOMPARE(actual.database, expected.database);
    QCOMPARE(actual.user, expected.user);
    QCOMPARE(actual.password, expected.password);
    QCOMPARE(actual.sslMode, expected.sslMode);
    QCOMPARE(describe(actual.options), describe(expected.options));
    QVERIFY(actual == expected);
}

ConnectionSpec withoutSecrets(ConnectionSpec spec)
{
    spec.password.clear();
    spec.options.remove(QStringLiteral("sslpassword"));
    return spec;
}

// Values that break naive quoting, escaping or splitting.
QString trickyText(QRandomGenerator &random, int maxLength)
{
    static const QString alphabet = str("ab Z09'\\\"=;,:/@?&#%[]+-_.\t\n\r é日🐘\u00A0\u2028");
    const int length = random.bounded(maxLength + 1);
    QString text;
    for (int i = 0; i < length; ++i) {
        const QChar c = alphabet.at(random.bounded(int(alphabet.size())));
        text += c;
        if (c.isHighSurrogate()) // keep the elephant whole: lone surrogates are not text
            text += alphabet.at(alphabet.indexOf(c) + 1);
        else if (c.isLowSurrogate())
            text.chop(1);
    }
    return text;
}

ConnectionSpec randomSpec(QRandomGenerator &random)
{
    static const char *const modes[] = {"",        "disable",   "allow",      "prefer",
                                        "require", "verify-ca", "verify-full"};
    static const char *const keys[] = {"application_name",    "connect_timeout", "options",
                                       "sslrootcert",         "service",         "sslpassword",
                                       "target_session_attrs"};
    ConnectionSpec spec;
    spec.host = trickyText(random, 12);
    spec.port = random.bounded(3) == 0 ? -1 : random.bounded(1, 65536);
    spec.database = trickyText(random, 12);
    spec.user = trickyText(random, 12);
    spec.password = trickyText(random, 12);
    spec.sslMode = str(modes[random.bounded(7)]);
    for (int i = random.bounded(4); i > 0; --i) {
        spec.options.insert(str(keys[random.bounded(7)]),
                            trickyText(random, 12).remove(QLatin1Char(';')));
    }
    return spec;
}

} // namespace

class TestConnectionSpec : public QObject {
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void hostileInput_data();
    void hostileInput();
    void toKeywordString_data();
    void toKeywordString();
    void toUri_data();
    void toUri();
    void roundTrips_data();
    void roundTrips();
    void randomRoundTrips();
    void randomNoise();
    void displayName_data();
    void displayName();
    void passwordIsNeverInAnError_data();
    void passwordIsNeverInAnError();
};

void TestConnectionSpec::parse_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<ConnectionSpec>("expected");

    // libpq URIs
    QTest::newRow("uri full") << str("postgresql://bob:secret@db.example.com:5433/sales")
                              << Spec()
                                     .host("db.example.com")
                                     .port(5433)
                                     .database("sales")
                                     .user("bob")
                                     .password("secret");
    QTest::newRow("uri postgres scheme")
        << str("postgres://localhost/demo") << Spec().host("localhost").database("demo");
    QTest::newRow("uri trimmed") << str("  \tpostgresql://u@h/d \n")
                                 << Spec().host("h").database("d").user("u");
    QTest::newRow("uri scheme case") << str("PostgreSQL://h/d") << Spec().host("h").database("d");
    QTest::newRow("uri ipv6") << str("postgresql://[::1]:6543/db")
                              << Spec().host("::1").port(6543).database("db");
    QTest::newRow("uri ipv6 no port") << str("postgresql://u@[2001:db8::7]/x")
                                      << Spec().host("2001:db8::7").database("x").user("u");
    QTest::newRow("uri percent-decoding")
        << str("postgresql://us%40er:p%40ss%3Aw%2Fd@h%C3%A9st/d%20b")
        << Spec().host("hést").database("d b").user("us@er").password("p@ss:w/d");
    QTest::newRow("uri encoded socket")
        << str("postgresql://%2Ftmp%2Fsock/db") << Spec().host("/tmp/sock").database("db");
    QTest::newRow("uri socket in query") << str("postgresql:///db?host=/var/run/postgresql")
                                         << Spec().host("/var/run/postgresql").database("db");
    QTest::newRow("uri query parameters")
        << str("postgresql://h/db?sslmode=require&application_name=x&host=%2Fvar%2Frun%2Fpg")
        << Spec()
               .host("/var/run/pg")
               .database("db")
               .sslMode("require")
               .options(opts({{"application_name", "x"}}));
    QTest::newRow("uri fields from query")
        << str("postgresql://h?port=6000&dbname=x&user=u&password=p&connect_timeout=5")
        << Spec().host("h").port(6000).database("x").user("u").password("p").options(
               opts({{"connect_timeout", "5"}}));
    QTest::newRow("uri multi-host same port")
        << str("postgresql://h1:5432,h2:5432/db") << Spec().host("h1,h2").port(5432).database("db");
    QTest::newRow("uri multi-host no port")
        << str("postgresql://h1,[::1]/db") << Spec().host("h1,::1").database("db");
    QTest::newRow("uri empty") << str("postgresql://") << Spec();
    QTest::newRow("uri empty port") << str("postgresql://h:/db") << Spec().host("h").database("db");
    QTest::newRow("uri empty password") << str("postgresql://u:@h") << Spec().host("h").user("u");
    QTest::newRow("uri at in password")
        << str("postgresql://u:p@ss@h/d")
        << Spec().host("h").database("d").user("u").password("p@ss");
    QTest::newRow("uri ssl=true") << str("postgresql://h/db?ssl=true")
                                  << Spec().host("h").database("db").sslMode("require");
    QTest::newRow("uri libpq options")
        << str("postgresql://h/db?options=-c%20search_path%3Dapp&client_encoding=utf-8")
        << Spec().host("h").database("db").options(
               opts({{"options", "-c search_path=app"}, {"client_encoding", "utf-8"}}));
    QTest::newRow("uri empty query parts") << str("postgresql://h/db?&&sslmode=disable&")
                                           << Spec().host("h").database("db").sslMode("disable");
    QTest::newRow("uri unicode") << str("postgresql://Jos%C3%A9:%F0%9F%90%98@h/%E6%97%A5")
                                 << Spec().host("h").database("日").user("José").password("🐘");

    // SQLAlchemy URLs
    QTest::newRow("sqlalchemy asyncpg")
        << str("postgresql+asyncpg://user:pass@host:5432/db")
        << Spec().host("host").port(5432).database("db").user("user").password("pass");
    QTest::newRow("sqlalchemy psycopg2")
        << str("postgresql+psycopg2://scott:tiger@localhost/test")
        << Spec().host("localhost").database("test").user("scott").password("tiger");
    QTest::newRow("sqlalchemy psycopg socket") << str("postgresql+psycopg://u@/db?host=/tmp")
                                               << Spec().host("/tmp").database("db").user("u");
    QTest::newRow("sqlalchemy asyncpg ssl")
        << str("postgresql+asyncpg://u@h/db?ssl=verify-full")
        << Spec().host("h").database("db").user("u").sslMode("verify-full");

    // keyword/value strings
    QTest::newRow("keywords full")
        << str("host=localhost port=5432 dbname=demo user=bob password='it''s \\' x' "
               "sslmode=disable connect_timeout=5")
        << Spec()
               .host("localhost")
               .port(5432)
               .database("demo")
               .user("bob")
               .password("it's ' x")
               .sslMode("disable")
               .options(opts({{"connect_timeout", "5"}}));
    QTest::newRow("keywords spaces around =") << str("host = localhost  port= 5433 dbname =x")
                                              << Spec().host("localhost").port(5433).database("x");
    QTest::newRow("keywords escapes") << str("password='a\\\\b' user='o\\'neil' dbname=a\\ b")
                                      << Spec().database("a b").user("o'neil").password("a\\b");
    QTest::newRow("keywords empty values") << str("password='' application_name='' host=")
                                           << Spec().options(opts({{"application_name", ""}}));
    QTest::newRow("keywords socket")
        << str("host=/tmp dbname=x") << Spec().host("/tmp").database("x");
    QTest::newRow("keywords service")
        << str("service=prod") << Spec().options(opts({{"service", "prod"}}));
    QTest::newRow("keywords libpq options")
        << str("hostaddr=127.0.0.1 keepalives=1 keepalives_idle=30 sslrootcert=/x/ca.pem "
               "target_session_attrs=read-write channel_binding=prefer gssencmode=disable "
               "load_balance_hosts=random client_encoding=UTF8 options='-c search_path=app'")
        << Spec().options(opts({{"hostaddr", "127.0.0.1"},
                                {"keepalives", "1"},
                                {"keepalives_idle", "30"},
                                {"sslrootcert", "/x/ca.pem"},
                                {"target_session_attrs", "read-write"},
                                {"channel_binding", "prefer"},
                                {"gssencmode", "disable"},
                                {"load_balance_hosts", "random"},
                                {"client_encoding", "UTF8"},
                                {"options", "-c search_path=app"}}));
    QTest::newRow("keywords case") << str("HOST=h Port=5432 SSLMODE=Verify-Full")
                                   << Spec().host("h").port(5432).sslMode("verify-full");
    QTest::newRow("keywords whitespace kinds") << str("user=bob\tdbname=x\npassword=y\r\n")
                                               << Spec().database("x").user("bob").password("y");
    QTest::newRow("keywords multi-host")
        << str("host=h1,h2 port=5432") << Spec().host("h1,h2").port(5432);
    QTest::newRow("keywords unicode")
        << str("user='José 🐘' dbname=日本") << Spec().database("日本").user("José 🐘");
    QTest::newRow("keywords = in value") << str("dbname=a=b") << Spec().database("a=b");
    QTest::newRow("keywords no space after quote")
        << str("host='x'dbname=y") << Spec().host("x").database("y");
    QTest::newRow("keywords semicolon in password")
        << str("password=a;b host=h;x") << Spec().host("h;x").password("a;b");
    QTest::newRow("keywords last wins") << str("port=1 port=2") << Spec().port(2);
}

void TestConnectionSpec::parse()
{
    QFETCH(QString, input);
    QFETCH(ConnectionSpec, expected);
    const auto result = ConnectionSpec::parse(input);
    QVERIFY2(result.ok(), qPrintable(result.error().message));
    QCOMPARE(result.error().kind, DbError::Kind::None);
    compareSpec(result.value(), expected);
}

void TestConnectionSpec::parseErrors_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("mentions");
    const auto row = [](const char *tag, const QString &input,
                        std::initializer_list<const char *> parts) {
        QStringList mentions;
        for (const char *part : parts)
            mentions << str(part);
        QTest::newRow(tag) << input << mentions;
    };

    row("empty", QString(), {"empty"});
    row("blank", str("  \t\n "), {"empty"});
    row("unterminated quote", str("host='abc"), {"\"host\"", "closing quote"});
    row("unterminated by escape", str("password='it\\'s"), {"\"password\"", "closing quote"});
    row("doubled quote then end", str("host='a'' b"), {"\"host\"", "closing quote"});
    row("bare word", str("localhost"), {"\"localhost\"", "\"=\""});
    row("host:port", str("localhost:5432/db"), {"\"localhost:5432/db\"", "\"=\""});
    row("missing = at end", str("host=h port"), {"\"port\"", "\"=\""});
    row("missing = before value", str("host h"), {"\"host\"", "\"=\""});
    row("missing keyword", str("=x"), {"keyword"});
    row("unknown keyword", str("foo=bar"), {"\"foo\""});
    row("unknown keyword later", str("host=h bogus_key=1"), {"\"bogus_key\""});
    row("port not a number", str("port=abc"), {"\"abc\"", "65535"});
    row("port zero", str("port=0"), {"\"0\""});
    row("port too big", str("port=65536"), {"\"65536\""});
    row("port negative", str("port=-5"), {"\"-5\""});
    row("port with space", str("port='5432 '"), {"\"5432 \""});
    row("port list", str("port=5432,5433"), {"\"5432,5433\""});
    row("sslmode", str("sslmode=maybe"),
        {"\"maybe\"", "disable", "allow", "prefer", "require", "verify-ca", "verify-full"});
    row("client_encoding", str("client_encoding=LATIN1"), {"\"LATIN1\"", "UTF8"});
    row("client_encoding auto", str("client_encoding=auto"), {"\"auto\"", "UTF8"});
    row("semicolon in options", str("options='-c search_path=a;b'"), {"\"options\"", "\";\""});
    row("semicolon in app name", str("application_name=a;b"), {"\"application_name\"", "\";\""});
    row("NUL", str("host=h") + QChar(0) + str("evil"), {"NUL"});
    row("scheme mysql", str("mysql://u@h/db"), {"\"mysql\""});
    row("scheme sqlite", str("sqlite:///x.db"), {"\"sqlite\""});
    row("scheme http", str("http://example.com"), {"\"http\""});
    row("scheme empty driver", str("postgresql+://h"), {"\"postgresql+\""});
    row("scheme other driver form", str("postgresql+a-b://h"), {"\"postgresql+a-b\""});
    row("percent bad hex", str("postgresql://h/%zz"), {"\"%zz\""});
    row("percent short", str("postgresql://h/db%4"), {"\"%4\""});
    row("percent alone", str("postgresql://h/%"), {"\"%\""});
    row("percent in user", str("postgresql://u%ZZ@h"), {"\"%ZZ\""});
    row("percent in query", str("postgresql://h?application_name=%G1"), {"\"%G1\""});
    row("percent NUL", str("postgresql://h/%00"), {"%00"});
    row("percent not utf-8", str("postgresql://h/a%FFb"), {"UTF-8", "\"a%FFb\""});
    row("uri port", str("postgresql://h:abc/db"), {"\"abc\""});
    row("uri port too big", str("postgresql://h:99999/db"), {"\"99999\""});
    row("uri ipv6 unclosed", str("postgresql://[::1/db"), {"\"]\"", "\"[::1\""});
    row("uri stray bracket", str("postgresql://h]x/db"), {"\"h]x\""});
    row("uri empty ipv6", str("postgresql://[]/db"), {"\"[]\""});
    row("uri junk after ipv6", str("postgresql://[::1]x/db"), {"\"[::1]x\""});
    row("uri different ports", str("postgresql://h1:5432,h2:5433/db"),
        {"\"h1:5432,h2:5433\"", "port"});
    row("uri port on some hosts", str("postgresql://h1,h2:5433/db"), {"\"h1,h2:5433\""});
    row("uri sslmode", str("postgresql://h/db?sslmode=bogus"), {"\"bogus\"", "verify-full"});
    row("uri ssl", str("postgresql://h/db?ssl=maybe"), {"\"maybe\""});
    row("uri unknown param", str("postgresql://h/db?foo=bar"), {"\"foo\""});
    row("uri param without =", str("postgresql://h/db?sslmode"), {"\"sslmode\"", "\"=\""});
    row("uri semicolon", str("postgresql://h/db?options=a%3Bb"), {"\"options\"", "\";\""});
    row("uri client_encoding", str("postgresql://h/db?client_encoding=SQL_ASCII"),
        {"\"SQL_ASCII\""});
    row("sqlalchemy unknown param", str("postgresql+asyncpg://h/db?prepared_statement_cache=1"),
        {"\"prepared_statement_cache\""});
}

void TestConnectionSpec::parseErrors()
{
    QFETCH(QString, input);
    QFETCH(QStringList, mentions);
    const auto result = ConnectionSpec::parse(input);
    QVERIFY(!result.ok());
    const DbError &error = result.error();
    QCOMPARE(error.kind, DbError::Kind::InvalidSpec);
    QVERIFY(!error.message.contains(QLatin1Char('\n')));
    for (const QString &part : mentions)
        QVERIFY2(error.message.contains(part), qPrintable(error.message + str(" lacks ") + part));
}

void TestConnectionSpec::hostileInput_data()
{
    QTest::addColumn<QString>("input");
    constexpr int big = 1'000'000;
    const QChar nul(0);
    QTest::newRow("long word") << QString(big, QLatin1Char('a'));
    QTest::newRow("long =") << QString(big, QLatin1Char('='));
    QTest::newRow("long quotes") << QString(big, QLatin1Char('\''));
    QTest::newRow("long backslashes") << str("host='") + QString(big, QLatin1Char('\\'));
    QTest::newRow("long value") << str("user=") + QString(big, QLatin1Char('x'));
    QTest::newRow("many pairs") << str("host=a ").repeated(100'000);
    QTest::newRow("uri brackets") << str("postgresql://") + QString(big, QLatin1Char('['));
    QTest::newRow("uri closing brackets") << str("postgresql://") + QString(big, QLatin1Char(']'));
    QTest::newRow("uri many hosts") << str("postgresql://") + str("[::1],").repeated(100'000);
    QTest::newRow("uri many ports") << str("postgresql://") + str("h:1,").repeated(100'000);
    QTest::newRow("uri percents") << str("postgresql://") + QString(big, QLatin1Char('%'));
    QTest::newRow("uri encoded") << str("postgresql://") + str("%41").repeated(200'000);
    QTest::newRow("uri separators") << str("postgresql://") + str("@:/?&=#").repeated(100'000);
    QTest::newRow("uri params") << str("postgresql://h/db?") + str("&").repeated(big);
    QTest::newRow("NUL only") << QString(nul);
    QTest::newRow("NULs") << QString(3, nul);
    QTest::newRow("NUL in uri") << str("postgresql://h/") + nul;
    QTest::newRow("NUL first") << nul + str("postgresql://h");
    QTest::newRow("lone high surrogate") << QString(QChar(0xD800)) + str("host=x");
    QTest::newRow("lone low surrogate") << str("host=") + QChar(0xDC00);
    QTest::newRow("surrogate in uri") << str("postgresql://") + QChar(0xD800) + str("/db");
    QTest::newRow("unicode keyword") << str("hóst=x");
    QTest::newRow("unicode scheme") << str("🐘://x");
    QTest::newRow("unicode uri") << str("postgresql://🐘/🐘?🐘=🐘");
    QTest::newRow("brackets") << str("postgresql://[[[[");
    QTest::newRow("brackets closing") << str("postgresql://]]]]");
    QTest::newRow("brackets colons") << str("postgresql://[:::]:");
    QTest::newRow("backslash") << str("\\");
    QTest::newRow("quote") << str("'");
    QTest::newRow("two quotes") << str("''");
    QTest::newRow("escaped quote") << str("\\'");
    QTest::newRow("control characters") << str("\x01\x02 host=\x7f\x1b[31m");
    QTest::newRow("only scheme") << str("postgresql:");
    QTest::newRow("scheme slashes") << str("://");
}

void TestConnectionSpec::hostileInput()
{
    QFETCH(QString, input);
    QElapsedTimer timer;
    timer.start();
    const auto result = ConnectionSpec::parse(input);
    QVERIFY2(timer.elapsed() < 5000, "parsing must stay linear");
    if (result.ok())
        return;
    const DbError &error = result.error();
    QCOMPARE(error.kind, DbError::Kind::InvalidSpec);
    QVERIFY(!error.message.isEmpty());
    QVERIFY2(error.message.size() < 300, qPrintable(error.message.left(400)));
    QVERIFY(!error.message.contains(QLatin1Char('\n')));
    QVERIFY(!error.message.contains(QChar(0)));
}

void TestConnectionSpec::toKeywordString_data()
{
    QTest::addColumn<ConnectionSpec>("spec");
    QTest::addColumn<QString>("withPassword");
    QTest::addColumn<QString>("withoutPassword");

    const ConnectionSpec full =
        Spec()
            .name("ignored")
            .host("localhost")
            .port(5432)
            .database("demo")
            .user("bob")
            .password("pw")
            .sslMode("require")
            .options(opts(
                {{"connect_timeout", "5"}, {"application_name", "my app"}, {"sslpassword", "kp"}}));
    QTest::newRow("full") << full
                          << str("host=localhost port=5432 dbname=demo user=bob password=pw "
                                 "sslmode=require application_name='my app' connect_timeout=5 "
                                 "sslpassword=kp")
                          << str("host=localhost port=5432 dbname=demo user=bob sslmode=require "
                                 "application_name='my app' connect_timeout=5");
    QTest::newRow("quoting")
        << Spec().database("a\\b").user("it's").password("x y").options(
               opts({{"application_name", ""}, {"options", "-c\tx=1"}}))
        << str("dbname='a\\\\b' user='it\\'s' password='x y' application_name='' "
               "options='-c\tx=1'")
        << str("dbname='a\\\\b' user='it\\'s' application_name='' options='-c\tx=1'");
    QTest::newRow("empty") << Spec() << QString() << QString();
    QTest::newRow("field names in options are skipped")
        << Spec().host("h").options(opts({{"password", "x"}, {"host", "y"}, {"bad key", "z"}}))
        << str("host=h") << str("host=h");
}

void TestConnectionSpec::toKeywordString()
{
    QFETCH(ConnectionSpec, spec);
    QFETCH(QString, withPassword);
    QFETCH(QString, withoutPassword);
    QCOMPARE(spec.toKeywordString(true), withPassword);
    QCOMPARE(spec.toKeywordString(false), withoutPassword);
    QCOMPARE(spec.toKeywordString(), withoutPassword);
}

void TestConnectionSpec::toUri_data()
{
    QTest::addColumn<ConnectionSpec>("spec");
    QTest::addColumn<QString>("uri");

    QTest::newRow("full") << Spec()
                                 .host("localhost")
                                 .port(5432)
                                 .database("demo")
                                 .user("bob")
                                 .password("secret")
                                 .sslMode("require")
                                 .options(
                                     opts({{"application_name", "my app"}, {"sslpassword", "kp"}}))
                          << str("postgresql://bob@localhost:5432/demo?sslmode=require&"
                                 "application_name=my%20app");
    QTest::newRow("socket") << Spec().host("/tmp/sock").database("demo")
                            << str("postgresql:///demo?host=%2Ftmp%2Fsock");
    QTest::newRow("socket with port")
        << Spec().host("/var/run/postgresql").port(5433).database("demo").user("bob")
        << str("postgresql://bob@/demo?host=%2Fvar%2Frun%2Fpostgresql&port=5433");
    QTest::newRow("port only") << Spec().port(5433) << str("postgresql://?port=5433");
    QTest::newRow("ipv6") << Spec().host("::1").port(5432).database("db")
                          << str("postgresql://[::1]:5432/db");
    QTest::newRow("multi-host") << Spec().host("h1,::1").port(5432)
                                << str("postgresql://h1:5432,[::1]:5432");
    QTest::newRow("encoding") << Spec().host("hést").database("d/e?f").user("a@b:c")
                              << str("postgresql://a%40b%3Ac@h%C3%A9st/d%2Fe%3Ff");
    QTest::newRow("empty") << Spec() << str("postgresql://");
}

void TestConnectionSpec::toUri()
{
    QFETCH(ConnectionSpec, spec);
    QFETCH(QString, uri);
    QCOMPARE(spec.toUri(), uri);
}

void TestConnectionSpec::roundTrips_data()
{
    QTest::addColumn<ConnectionSpec>("spec");

    QTest::newRow("plain") << Spec()
                                  .host("db.example.com")
                                  .port(5432)
                                  .database("sales")
                                  .user("bob")
                                  .password("secret")
                                  .sslMode("verify-full")
                                  .options(opts({{"connect_timeout", "7"}}));
    QTest::newRow("hostile") << Spec()
                                    .host("h ost'\\")
                                    .port(1)
                                    .database("'db'' \\' name")
                                    .user("x password=y")
                                    .password("it's \\ a 'test' \\' ;%41&")
                                    .sslMode("disable")
                                    .options(opts({{"application_name", "a=b 'c' \\d\n\te"},
                                                   {"options", "-c search_path=\"My Schema\""},
                                                   {"service", ""},
                                                   {"sslpassword", "k'p\\"}}));
    QTest::newRow("unicode")
        << Spec().host("hést").database("日本 語").user("José\u00A0🐘").password("🐘\u2028");
    QTest::newRow("socket") << Spec().host("/tmp/so ck").port(5433).database("demo");
    QTest::newRow("socket and tcp") << Spec().host("/tmp,h2").port(6000);
    QTest::newRow("ipv6 hosts") << Spec().host("::1,h,fe80::1%eth0").port(65535);
    QTest::newRow("port only") << Spec().port(5432).user("u");
    QTest::newRow("brackets") << Spec().host("[a],b]:c").database("[x]");
    QTest::newRow("uri-ish values") << Spec()
                                           .host("a@b")
                                           .database("db?x=1&y#z")
                                           .user("u:p@h")
                                           .options(opts({{"application_name", "x&y=z?%20#"}}));
}

void TestConnectionSpec::roundTrips()
{
    QFETCH(ConnectionSpec, spec);

    const QString keywords = spec.toKeywordString(true);
    const auto fromKeywords = ConnectionSpec::parse(keywords);
    QVERIFY2(fromKeywords.ok(), qPrintable(fromKeywords.error().message + str(": ") + keywords));
    compareSpec(fromKeywords.value(), spec);
    if (QTest::currentTestFailed())
        return;

    const QString noPassword = spec.toKeywordString();
    const auto fromNoPassword = ConnectionSpec::parse(noPassword);
    QVERIFY2(fromNoPassword.ok(), qPrintable(fromNoPassword.error().message));
    compareSpec(fromNoPassword.value(), withoutSecrets(spec));
    if (QTest::currentTestFailed())
        return;

    const QString uri = spec.toUri();
    if (!spec.password.isEmpty())
        QVERIFY(!uri.contains(QString::fromLatin1(QUrl::toPercentEncoding(spec.password))));
    const auto fromUri = ConnectionSpec::parse(uri);
    QVERIFY2(fromUri.ok(), qPrintable(fromUri.error().message + str(": ") + uri));
    compareSpec(fromUri.value(), withoutSecrets(spec));
}

// Random specs built from characters that matter to quoting, escaping and URIs.
void TestConnectionSpec::randomRoundTrips()
{
    QRandomGenerator random(20240601);
    for (int i = 0; i < 3000; ++i) {
        const ConnectionSpec spec = randomSpec(random);
        const QString keywords = spec.toKeywordString(true);
        if (keywords.isEmpty())
            continue; // an empty string is refused on purpose; nothing to round-trip
        const auto fromKeywords = ConnectionSpec::parse(keywords);
        QVERIFY2(fromKeywords.ok(),
                 qPrintable(fromKeywords.error().message + str(": ") + keywords));
        QVERIFY2(fromKeywords.value() == spec, qPrintable(keywords));
        const QString uri = spec.toUri();
        const auto fromUri = ConnectionSpec::parse(uri);
        QVERIFY2(fromUri.ok(), qPrintable(fromUri.error().message + str(": ") + uri));
        QVERIFY2(fromUri.value() == withoutSecrets(spec), qPrintable(uri));
    }
}

// Random garbage: never a crash, always a result or an InvalidSpec error, and whatever parses
// must survive both round trips.
void TestConnectionSpec::randomNoise()
{
    static const char *const prefixes[] = {"", "postgresql://", "host=", "postgresql+asyncpg://"};
    QRandomGenerator random(77);
    int parsed = 0;
    for (int i = 0; i < 5000; ++i) {
        const QString input = str(prefixes[random.bounded(4)]) + trickyText(random, 30);
        const auto result = ConnectionSpec::parse(input);
        if (!result.ok()) {
            QCOMPARE(result.error().kind, DbError::Kind::InvalidSpec);
            QVERIFY(!result.error().message.isEmpty());
            continue;
        }
        ++parsed;
        const ConnectionSpec &spec = result.value();
        const QString keywords = spec.toKeywordString(true);
        if (!keywords.isEmpty()) {
            const auto again = ConnectionSpec::parse(keywords);
            QVERIFY2(again.ok() && again.value() == spec, qPrintable(input));
        }
        const auto fromUri = ConnectionSpec::parse(spec.toUri());
        QVERIFY2(fromUri.ok() && fromUri.value() == withoutSecrets(spec), qPrintable(input));
    }
    QVERIFY(parsed > 100); // the generator must also produce valid strings
}

void TestConnectionSpec::displayName_data()
{
    QTest::addColumn<ConnectionSpec>("spec");
    QTest::addColumn<QString>("expected");

    QTest::newRow("name wins") << Spec().name("Prod").host("h") << str("Prod");
    QTest::newRow("tcp full")
        << Spec().host("localhost").port(5432).database("demo").user("postgres").password("pw")
        << str("postgres@localhost:5432/demo");
    QTest::newRow("tcp no user") << Spec().host("h").database("d") << str("h/d");
    QTest::newRow("tcp no db") << Spec().host("h").user("bob") << str("bob@h");
    QTest::newRow("ipv6") << Spec().host("::1").port(5432).database("db").user("bob")
                          << str("bob@[::1]:5432/db");
    QTest::newRow("multi-host") << Spec().host("h1,::1").port(5432).database("db")
                                << str("h1,[::1]:5432/db");
    QTest::newRow("socket") << Spec().host("/tmp/sock").database("demo").user("bob")
                            << str("bob@demo on /tmp/sock");
    QTest::newRow("socket db only")
        << Spec().host("/tmp/sock").port(5433).database("demo") << str("demo on /tmp/sock:5433");
    QTest::newRow("socket only") << Spec().host("/tmp/sock") << str("/tmp/sock");
    QTest::newRow("service") << Spec().user("bob").options(opts({{"service", "prod"}}))
                             << str("bob on service prod");
    QTest::newRow("default host") << Spec().database("demo") << str("demo");
    QTest::newRow("default host port")
        << Spec().port(5433).database("demo") << str("demo on port 5433");
    QTest::newRow("empty") << Spec() << str("default connection");
}

void TestConnectionSpec::displayName()
{
    QFETCH(ConnectionSpec, spec);
    QFETCH(QString, expected);
    QCOMPARE(spec.displayName(), expected);
}

void TestConnectionSpec::passwordIsNeverInAnError_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("not utf-8") << str("postgresql://u:secret%ff@127.0.0.1:5434/db");
    QTest::newRow("bad hex") << str("postgresql://u:secret%zz@h/db");
    QTest::newRow("short escape") << str("postgresql://u:sec%5@h/db");
    QTest::newRow("encoded NUL") << str("postgresql://u:secret%00@h/db");
    QTest::newRow("in the query") << str("postgresql://h/db?password=secret%ff");
    QTest::newRow("sslpassword") << str("postgresql://h/db?sslpassword=secret%zz");
}

// The error is shown and printed: it names the part that is wrong, never what the password is.
void TestConnectionSpec::passwordIsNeverInAnError()
{
    QFETCH(QString, text);
    const auto parsed = ConnectionSpec::parse(text);
    QVERIFY(!parsed);
    const QString message = parsed.error().message + parsed.error().detail;
    QVERIFY2(!message.contains(str("sec")), qPrintable(message));
    QVERIFY2(message.contains(str("password")) || message.contains(str("NUL")),
             qPrintable(message));
}

QTEST_GUILESS_MAIN(TestConnectionSpec)
#include "tst_connectionspec.moc"
