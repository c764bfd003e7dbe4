#pragma once

#include "model/result.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace dbx::model {

// One statement that ran, as the history keeps it.
struct HistoryEntry {
    enum class Status { Ok, Failed, Cancelled };

    QDateTime startedAt; // UTC
    QString connection;  // the saved connection's name, or its display text
    QString database;
    qint64 durationMs = 0;
    qint64 rows = -1; // rows returned or affected; -1 when unknown
    Status status = Status::Ok;
    QString error; // one line, when it failed
    QString sql;   // at most QueryHistory::kMaxSqlChars characters
    bool sqlTruncated = false;

    bool operator==(const HistoryEntry &other) const = default;
};

// The persisted history of statements run: one JSON object per line, appended and flushed as
// each statement finishes, so a crash loses at most the line being written (a torn last line
// is skipped on reading). Bounded: past kMaxEntries or kMaxBytes the oldest entries go, the
// file rewritten whole through a temporary file renamed over it. Searched newest first, by
// substring or by whole words.
class QueryHistory : public QObject {
    Q_OBJECT
public:
    enum class Match {
        Substring, // the text anywhere in the SQL, ignoring case
        Words,     // every word of the text as a whole word of the SQL, in any order
    };
    static constexpr int kMaxEntries = 5000;
    static constexpr qint64 kMaxBytes = 8 * 1024 * 1024;
    static constexpr int kMaxSqlChars = 64 * 1024;

    // Reads the history at `path` (created on the first append); `maxEntries` is for tests.
    explicit QueryHistory(const QString &path, int maxEntries = kMaxEntries,
                          QObject *parent = nullptr);
    // history.jsonl in the application's data folder (QStandardPaths::AppDataLocation).
    static QString defaultPath();

    const QString &path() const { return m_path; }
    // Oldest first.
    const QList<HistoryEntry> &entries() const { return m_entries; }
    // Lines of the file that could not be read (a torn write), skipped.
    int skippedLines() const { return m_skipped; }

    // Adds an entry and writes it to disk at once; the error says why the file could not be
    // written (the entry is kept in memory all the same).
    Status append(HistoryEntry entry);
    // Entries matching `text` (all of them for an empty text), newest first, at most `limit`
    // (-1 = no limit).
    QList<HistoryEntry> search(const QString &text, Match match = Match::Substring,
                               int limit = -1) const;

signals:
    void appended(const dbx::model::HistoryEntry &entry);

private:
    void load();
    Status rewrite();

    QString m_path;
    int m_maxEntries;
    QList<HistoryEntry> m_entries;
    qint64 m_fileBytes = 0;
    int m_skipped = 0;
    bool m_tornTail = false; // the file does not end with a newline
};

} // namespace dbx::model
