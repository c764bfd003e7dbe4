#include "migrations/revisionfile.h"

#include "migrations/migrationerror.h"
#include "model/userfile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDate>
#include <QDateTime>
#include <QMap>
#include <QRegularExpression>

namespace dbx::migrations {

namespace {

struct Section {
    bool seen = false;
    int markerLine = 0;
    QString value; // text after "-- downgrade:"
    QStringList lines;
};

struct HeaderValue {
    QString value;
    int line = 0;
};

// The file split into its parts before any meaning is given to them.
struct RawFile {
    QMap<QString, HeaderValue> headers;
    Section upgrade;
    Section downgrade;
    int lineCount = 0;
};

const QStringList &knownKeys()
{
    static const QStringList keys{QStringLiteral("revision"), QStringLiteral("parents"),
                                  QStringLiteral("message"), QStringLiteral("created"),
                                  QStringLiteral("transaction")};
    return keys;
}

QString normalizedText(QString text)
{
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    return text;
}

model::Result<RawFile> readParts(const QString &text, const QString &fileName)
{
    static const QRegularExpression marker(
        QStringLiteral("^--\\s*(upgrade|downgrade)\\b\\s*(?::\\s*(.*))?$"));
    static const QRegularExpression header(
        QStringLiteral("^--\\s*([A-Za-z_][A-Za-z0-9_-]*)\\s*:\\s*(.*)$"));
    RawFile raw;
    const QStringList lines = normalizedText(text).split(QLatin1Char('\n'));
    raw.lineCount = int(lines.size());
    Section *current = nullptr;
    for (int i = 0; i < lines.size(); ++i) {
        const int lineNo = i + 1;
        const QString line = lines.at(i);
        const QRegularExpressionMatch isMarker = marker.match(line.trimmed());
        if (isMarker.hasMatch() && line.startsWith(QLatin1String("--"))) {
            const bool up = isMarker.captured(1) == QLatin1String("upgrade");
            Section &section = up ? raw.upgrade : raw.downgrade;
            if (section.seen)
                return invalidRequest(
                    fileLine(fileName, lineNo,
                             QCoreApplication::translate("RevisionFile",
                                                         "second \"-- %1\" marker (the first is on "
                                                         "line %2)")
                                 .arg(isMarker.captured(1))
                                 .arg(section.markerLine)));
            if (up && raw.downgrade.seen)
                return invalidRequest(fileLine(
                    fileName, lineNo,
                    QCoreApplication::translate(
                        "RevisionFile", "the upgrade section must come before the downgrade")));
            if (up && isMarker.hasCaptured(2))
                return invalidRequest(
                    fileLine(fileName, lineNo,
                             QCoreApplication::translate(
                                 "RevisionFile", "the \"-- upgrade\" marker takes no value")));
            section.seen = true;
            section.markerLine = lineNo;
            section.value = isMarker.captured(2).trimmed();
            current = &section;
            continue;
        }
        if (current) {
            current->lines.append(line);
            continue;
        }
        if (!line.trimmed().isEmpty() && !line.trimmed().startsWith(QLatin1String("--")))
            return invalidRequest(fileLine(
                fileName, lineNo,
                QCoreApplication::translate("RevisionFile",
                                            "SQL before the \"-- upgrade\" marker would never "
                                            "run")));
        const QRegularExpressionMatch isHeader = header.match(line.trimmed());
        if (!isHeader.hasMatch())
            continue; // blank lines and free comments before the first section
        const QString key = isHeader.captured(1);
        if (!knownKeys().contains(key))
            return invalidRequest(fileLine(
                fileName, lineNo,
                QCoreApplication::translate("RevisionFile", "unknown header key \"%1\" (known: %2)")
                    .arg(key, knownKeys().join(QLatin1String(", ")))));
        if (raw.headers.contains(key))
            return invalidRequest(
                fileLine(fileName, lineNo,
                         QCoreApplication::translate("RevisionFile",
                                                     "header \"%1\" given twice (also on line %2)")
                             .arg(key)
                             .arg(raw.headers.value(key).line)));
        raw.headers.insert(key, {isHeader.captured(2).trimmed(), lineNo});
    }
    return raw;
}

model::Status readHeaders(const RawFile &raw, const QString &fileName, Revision *revision)
{
    const HeaderValue id = raw.headers.value(QStringLiteral("revision"));
    if (id.line == 0)
        return invalidRequest(
            fileLine(fileName, 1,
                     QCoreApplication::translate("RevisionFile", "no \"-- revision: ID\" header")));
    if (!RevisionFile::isValidId(id.value))
        return invalidRequest(fileLine(
            fileName, id.line,
            QCoreApplication::translate(
                "RevisionFile", "malformed revision id \"%1\": expected 12 lowercase hex digits")
                .arg(id.value)));
    revision->id = id.value;
    revision->idLine = id.line;
    const HeaderValue parents = raw.headers.value(QStringLiteral("parents"));
    if (parents.line == 0)
        return invalidRequest(fileLine(
            fileName, id.line,
            QCoreApplication::translate(
                "RevisionFile", "no \"-- parents:\" header (leave it empty for a base revision)")));
    revision->parentsLine = parents.line;
    for (const QString &part : parents.value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString parent = part.trimmed();
        if (!RevisionFile::isValidId(parent))
            return invalidRequest(fileLine(
                fileName, parents.line,
                QCoreApplication::translate(
                    "RevisionFile", "malformed parent id \"%1\": expected 12 lowercase hex digits")
                    .arg(parent)));
        if (revision->parents.contains(parent))
            return invalidRequest(
                fileLine(fileName, parents.line,
                         QCoreApplication::translate("RevisionFile", "parent \"%1\" listed twice")
                             .arg(parent)));
        revision->parents.append(parent);
    }
    const HeaderValue message = raw.headers.value(QStringLiteral("message"));
    if (message.value.isEmpty())
        return invalidRequest(
            fileLine(fileName, message.line ? message.line : id.line,
                     QCoreApplication::translate("RevisionFile",
                                                 "no \"-- message:\" header, or it is empty")));
    revision->message = message.value;
    const HeaderValue created = raw.headers.value(QStringLiteral("created"));
    if (created.line != 0 && !QDate::fromString(created.value, Qt::ISODate).isValid() &&
        !QDateTime::fromString(created.value, Qt::ISODate).isValid())
        return invalidRequest(fileLine(
            fileName, created.line,
            QCoreApplication::translate("RevisionFile",
                                        "\"created\" is not an ISO date such as 2024-01-31: \"%1\"")
                .arg(created.value)));
    revision->created = created.value;
    const HeaderValue transaction = raw.headers.value(QStringLiteral("transaction"));
    if (transaction.line != 0 && transaction.value != QLatin1String("per-revision") &&
        transaction.value != QLatin1String("none"))
        return invalidRequest(
            fileLine(fileName, transaction.line,
                     QCoreApplication::translate(
                         "RevisionFile", "\"transaction\" must be per-revision or none, not \"%1\"")
                         .arg(transaction.value)));
    revision->transactional = transaction.value != QLatin1String("none");
    return {};
}

// What the runner could not do safely: manage transactions itself, or run statements that
// PostgreSQL refuses inside the transaction the runner opens.
model::Status checkStatements(const QList<Statement> &statements, const Revision &revision)
{
    const QString &file = revision.fileName;
    for (qsizetype i = 0; i < statements.size(); ++i) {
        const Statement &statement = statements.at(i);
        if (statement.transactionControl)
            return invalidRequest(fileLine(
                file, statement.line,
                QCoreApplication::translate(
                    "RevisionFile",
                    "transaction control (\"%1\") is not allowed: the runner runs each revision "
                    "in its own transaction")
                    .arg(statement.sql.section(QLatin1Char(' '), 0, 1).simplified())));
        if (!revision.transactional)
            continue;
        if (!statement.needsNoTransaction.isEmpty())
            return invalidRequest(fileLine(
                file, statement.line,
                QCoreApplication::translate(
                    "RevisionFile",
                    "%1 cannot run inside a transaction; put it in a revision with the header "
                    "\"-- transaction: none\"")
                    .arg(statement.needsNoTransaction)));
        if (statement.addedEnumValue.isEmpty())
            continue;
        for (qsizetype j = i + 1; j < statements.size(); ++j) {
            if (statements.at(j).stringConstants.contains(statement.addedEnumValue))
                return invalidRequest(fileLine(
                    file, statements.at(j).line,
                    QCoreApplication::translate(
                        "RevisionFile",
                        "uses the enum value '%1' added on line %2 in the same transaction, "
                        "which PostgreSQL refuses; use it in a later revision")
                        .arg(statement.addedEnumValue)
                        .arg(statement.line)));
        }
    }
    return {};
}

model::Status readDowngrade(const RawFile &raw, Revision *revision)
{
    const Section &section = raw.downgrade;
    const QString &file = revision->fileName;
    const auto statements = StatementSplitter::split(section.lines.join(QLatin1Char('\n')), file,
                                                     section.markerLine + 1);
    if (!statements)
        return statements.error();
    Downgrade &downgrade = revision->downgrade;
    static const QRegularExpression irreversible(QStringLiteral("^irreversible\\b\\s*:?\\s*(.*)$"));
    const QRegularExpressionMatch match = irreversible.match(section.value);
    if (section.value == QLatin1String("empty")) {
        downgrade.kind = Downgrade::Kind::Empty;
    } else if (match.hasMatch()) {
        downgrade.kind = Downgrade::Kind::Irreversible;
        downgrade.reason = match.captured(1).trimmed();
        if (downgrade.reason.isEmpty())
            return invalidRequest(
                fileLine(file, section.markerLine,
                         QCoreApplication::translate("RevisionFile",
                                                     "say why the revision is irreversible: "
                                                     "\"-- downgrade: irreversible REASON\"")));
    } else if (!section.value.isEmpty()) {
        return invalidRequest(
            fileLine(file, section.markerLine,
                     QCoreApplication::translate("RevisionFile",
                                                 "unknown downgrade mode \"%1\": use \"empty\" or "
                                                 "\"irreversible REASON\"")
                         .arg(section.value)));
    }
    if (downgrade.kind != Downgrade::Kind::Statements && !statements->isEmpty())
        return invalidRequest(
            fileLine(file, statements->first().line,
                     QCoreApplication::translate("RevisionFile",
                                                 "a downgrade marked \"%1\" cannot hold statements")
                         .arg(section.value)));
    if (downgrade.kind == Downgrade::Kind::Statements && statements->isEmpty())
        return invalidRequest(
            fileLine(file, section.markerLine,
                     QCoreApplication::translate("RevisionFile",
                                                 "the downgrade section is empty: write \"-- "
                                                 "downgrade: empty\" if nothing needs undoing")));
    downgrade.statements = statements.value();
    return checkStatements(downgrade.statements, *revision);
}

} // namespace

bool RevisionFile::isValidId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9a-f]{12}$"));
    return pattern.match(id).hasMatch();
}

QString RevisionFile::checksum(const QString &upgradeText)
{
    QStringList lines = normalizedText(upgradeText).split(QLatin1Char('\n'));
    for (QString &line : lines) {
        qsizetype end = line.size();
        while (end > 0 && line.at(end - 1).isSpace())
            --end;
        line.truncate(end);
    }
    while (!lines.isEmpty() && lines.first().isEmpty())
        lines.removeFirst();
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return QString::fromLatin1(
        QCryptographicHash::hash(lines.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha256)
            .toHex());
}

model::Result<Revision> RevisionFile::parse(const QString &text, const QString &fileName)
{
    // The parser and libpq read C strings: what follows a NUL would silently not run.
    if (const int nul = model::lineOfFirstNul(text); nul > 0)
        return invalidRequest(fileLine(
            fileName, nul,
            QCoreApplication::translate("RevisionFile",
                                        "the file contains a NUL byte, which SQL cannot hold; "
                                        "everything after it would be lost")));
    const auto raw = readParts(text, fileName);
    if (!raw)
        return raw.error();
    Revision revision;
    revision.fileName = fileName;
    if (const model::Status headers = readHeaders(raw.value(), fileName, &revision); !headers)
        return headers.error();
    if (!raw->upgrade.seen)
        return invalidRequest(fileLine(
            fileName, raw->lineCount,
            QCoreApplication::translate("RevisionFile", "no \"-- upgrade\" section marker")));
    if (!raw->downgrade.seen)
        return invalidRequest(
            fileLine(fileName, raw->lineCount,
                     QCoreApplication::translate(
                         "RevisionFile",
                         "no \"-- downgrade\" section: write the SQL that undoes the upgrade, \"-- "
                         "downgrade: empty\" or \"-- downgrade: irreversible REASON\"")));
    const QString upgradeText = raw->upgrade.lines.join(QLatin1Char('\n'));
    const auto upgrade =
        StatementSplitter::split(upgradeText, fileName, raw->upgrade.markerLine + 1);
    if (!upgrade)
        return upgrade.error();
    revision.upgrade = upgrade.value();
    revision.checksum = checksum(upgradeText);
    if (const model::Status checked = checkStatements(revision.upgrade, revision); !checked)
        return checked.error();
    if (const model::Status downgrade = readDowngrade(raw.value(), &revision); !downgrade)
        return downgrade.error();
    return revision;
}

} // namespace dbx::migrations
