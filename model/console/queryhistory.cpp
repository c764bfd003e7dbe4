#include "model/console/queryhistory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace dbx::model {

namespace {

QString statusWord(HistoryEntry::Status status)
{
    switch (status) {
    case HistoryEntry::Status::Ok:
        return QStringLiteral("ok");
    case HistoryEntry::Status::Failed:
        return QStringLiteral("failed");
    case HistoryEntry::Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

HistoryEntry::Status statusFrom(const QString &word)
{
    if (word == QLatin1String("failed"))
        return HistoryEntry::Status::Failed;
    if (word == QLatin1String("cancelled"))
        return HistoryEntry::Status::Cancelled;
    return HistoryEntry::Status::Ok;
}

QByteArray toLine(const HistoryEntry &e)
{
    QJsonObject o;
    o.insert(QLatin1String("at"), e.startedAt.toUTC().toString(Qt::ISODateWithMs));
    o.insert(QLatin1String("connection"), e.connection);
    o.insert(QLatin1String("database"), e.database);
    o.insert(QLatin1String("ms"), e.durationMs);
    o.insert(QLatin1String("rows"), e.rows);
    o.insert(QLatin1String("status"), statusWord(e.status));
    if (!e.error.isEmpty())
        o.insert(QLatin1String("error"), e.error);
    o.insert(QLatin1String("sql"), e.sql);
    if (e.sqlTruncated)
        o.insert(QLatin1String("truncated"), true);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool fromLine(const QByteArray &line, HistoryEntry *e)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    if (!o.value(QLatin1String("sql")).isString())
        return false;
    e->startedAt =
        QDateTime::fromString(o.value(QLatin1String("at")).toString(), Qt::ISODateWithMs);
    e->connection = o.value(QLatin1String("connection")).toString();
    e->database = o.value(QLatin1String("database")).toString();
    e->durationMs = o.value(QLatin1String("ms")).toInteger();
    e->rows = o.value(QLatin1String("rows")).toInteger(-1);
    e->status = statusFrom(o.value(QLatin1String("status")).toString());
    e->error = o.value(QLatin1String("error")).toString();
    e->sql = o.value(QLatin1String("sql")).toString();
    e->sqlTruncated = o.value(QLatin1String("truncated")).toBool();
    return true;
}

bool matchesWords(const QString &sql, const QStringList &words)
{
    for (const QString &word : words) {
        const QRegularExpression rx(QStringLiteral("(?<![\\w$])") +
                                        QRegularExpression::escape(word) +
                                        QStringLiteral("(?![\\w$])"),
                                    QRegularExpression::CaseInsensitiveOption |
                                        QRegularExpression::UseUnicodePropertiesOption);
        if (!rx.match(sql).hasMatch())
            return false;
    }
    return true;
}

} // namespace

QueryHistory::QueryHistory(const QString &path, int maxEntries, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_maxEntries(qMax(2, maxEntries))
{
    load();
}

QString QueryHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QLatin1String("/history.jsonl");
}

void QueryHistory::load()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    m_fileBytes = file.size();
    while (!file.atEnd()) {
        const QByteArray raw = file.readLine();
        m_tornTail = !raw.endsWith('\n');
        const QByteArray line = raw.trimmed();
        if (line.isEmpty())
            continue;
        HistoryEntry entry;
        if (fromLine(line, &entry))
            m_entries << entry;
        else
            ++m_skipped;
    }
    if (m_entries.size() > m_maxEntries)
        m_entries.remove(0, m_entries.size() - m_maxEntries);
}

Status QueryHistory::append(HistoryEntry entry)
{
    if (entry.sql.size() > kMaxSqlChars) {
        entry.sql.truncate(kMaxSqlChars);
        entry.sqlTruncated = true;
    }
    if (!entry.startedAt.isValid())
        entry.startedAt = QDateTime::currentDateTimeUtc();
    m_entries << entry;
    emit appended(entry);
    const QByteArray line = toLine(entry);
    // Past a bound, the oldest quarter goes at once: a rewrite per statement would cost a
    // whole file each time.
    if (m_entries.size() > m_maxEntries || m_fileBytes + line.size() > kMaxBytes) {
        const int keep = qMin<int>(int(m_entries.size()), m_maxEntries * 3 / 4);
        m_entries.remove(0, m_entries.size() - keep);
        qint64 bytes = 0;
        for (const HistoryEntry &kept : std::as_const(m_entries))
            bytes += toLine(kept).size();
        while (m_entries.size() > 1 && bytes > kMaxBytes * 3 / 4) {
            bytes -= toLine(m_entries.first()).size();
            m_entries.removeFirst();
        }
        return rewrite();
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return DbError::plain(
            tr("The history cannot be written to %1: %2").arg(m_path, file.errorString()));
    // One write of a whole line: a crash leaves either the line or a torn tail that load()
    // skips, never a damaged earlier entry.
    // After a torn tail the new line starts on a line of its own.
    const QByteArray bytes = m_tornTail ? '\n' + line : line;
    if (file.write(bytes) != bytes.size() || !file.flush())
        return DbError::plain(
            tr("The history cannot be written to %1: %2").arg(m_path, file.errorString()));
    m_fileBytes = file.size();
    m_tornTail = false;
    return {};
}

Status QueryHistory::rewrite()
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return DbError::plain(
            tr("The history cannot be written to %1: %2").arg(m_path, file.errorString()));
    qint64 bytes = 0;
    for (const HistoryEntry &entry : std::as_const(m_entries)) {
        const QByteArray line = toLine(entry);
        file.write(line);
        bytes += line.size();
    }
    if (!file.commit())
        return DbError::plain(
            tr("The history cannot be written to %1: %2").arg(m_path, file.errorString()));
    m_fileBytes = bytes;
    m_tornTail = false;
    return {};
}

QList<HistoryEntry> QueryHistory::search(const QString &text, Match match, int limit) const
{
    const QString needle = text.trimmed();
    const QStringList words =
        needle.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    QList<HistoryEntry> found;
    for (auto it = m_entries.crbegin(); it != m_entries.crend(); ++it) {
        if (limit >= 0 && found.size() >= limit)
            break;
        const bool hit = needle.isEmpty() ||
                         (match == Match::Substring ? it->sql.contains(needle, Qt::CaseInsensitive)
                                                    : matchesWords(it->sql, words));
        if (hit)
            found << *it;
    }
    return found;
}

} // namespace dbx::model
