#pragma once

#include "model/script/scriptrunner.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

class QTimer;

namespace dbx::model {

// What the console keeps of one tab so that nothing typed is lost: its text, the file it was
// opened from or saved to, the caret, whether it differs from that file, and its parameters.
struct JournalEntry {
    QString id;        // the file name under the journal's directory, without ".json"
    qint64 opened = 0; // ms since the epoch: tabs come back in the order they were opened
    QString title;     // "Console 3" for a tab without a file
    QString text;
    QString filePath;    // empty while never saved
    qsizetype caret = 0; // QString index into text
    bool modified = false;
    ParameterValues parameters;
    bool operator==(const JournalEntry &other) const = default;
};

// Writes every console tab to disk as it changes, so a crash, a kill or a restart loses
// nothing: one JSON file per tab under `directory` (by default AppDataLocation/console),
// written with QSaveFile (a kill mid-write leaves the previous version), at most every
// `debounceMs` per tab while typing. An entry is removed only when its tab is closed
// deliberately (forget()); quitting keeps them all for the next start.
class ScriptJournal : public QObject {
    Q_OBJECT
public:
    explicit ScriptJournal(QString directory = defaultDirectory(), QObject *parent = nullptr);
    ~ScriptJournal() override; // writes what is still pending

    static QString defaultDirectory();
    const QString &directory() const { return m_directory; }
    void setDebounceMs(int ms);
    int debounceMs() const;

    // Every entry on disk, oldest tab first; unreadable files are skipped (and kept).
    QList<JournalEntry> entries() const;
    // A new entry's id, unique in the directory.
    QString newId() const;
    // Records the entry; written after the debounce (or by flush()).
    void update(const JournalEntry &entry);
    // Writes every pending entry now; false with the reason when one could not be written.
    bool flush(QString *error = nullptr);
    // Removes the entry for good (its tab was closed on purpose).
    void forget(const QString &id);

    static QByteArray toJson(const JournalEntry &entry);
    static std::optional<JournalEntry> fromJson(const QByteArray &json);

signals:
    // A write failed (disk full, directory not writable): the tab should say so.
    void writeFailed(const QString &id, const QString &message);

private:
    QString pathOf(const QString &id) const;
    bool write(const JournalEntry &entry, QString *error);

    QString m_directory;
    QHash<QString, JournalEntry> m_pending;
    QTimer *m_timer;
};

} // namespace dbx::model
