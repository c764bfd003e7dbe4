#pragma once

#include "model/dberror.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>
#include <QVariantList>

#include <functional>
#include <optional>

namespace dbx::model {

// Where a ResultSetModel's rows come from: the session that holds its cursor. Every request
// is asynchronous; its answer comes back through the model's deliver...() calls.
class ResultSource {
public:
    virtual ~ResultSource() = default;
    // Rows [first, first + count) of the result.
    virtual void requestRows(int cursorId, qint64 first, int count) = 0;
    // The total row count (the server moves to the end; no row travels).
    virtual void requestTotal(int cursorId, qint64 known) = 0;
    // The model is gone or no longer needs its cursor.
    virtual void releaseCursor(int cursorId) = 0;
};

// One statement's rows as a lazy, bounded-memory table. A SELECT is read through a scrollable
// cursor on the session's connection: the first page arrives with the model, more pages as the
// view asks (canFetchMore/fetchMore at the bottom, or any row data() is asked for), and at most
// kMaxCachedPages pages are kept (least recently used go first): whatever the result's size,
// the client holds a bounded number of rows. Fetch All asks the server for the total (MOVE
// ALL, no rows sent); the rows then load as they are looked at. data() never waits: a row not
// here yet shows LoadingText and arrives with dataChanged.
//
// Other statements that return rows (INSERT ... RETURNING, EXPLAIN, SHOW, SELECT ... FOR
// UPDATE) are read whole while they run, keeping the first kMaxStaticRows rows and counting
// the rest.
class ResultSetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kPageRows = 500;
    static constexpr int kMaxCachedPages = 40;    // 20,000 rows at most in the client
    static constexpr int kMaxStaticRows = 20'000; // for results without a cursor

    enum class State {
        Open,     // a cursor is open: more rows can be read
        Complete, // every row is here (or was counted, for a result without a cursor)
        Closed,   // the cursor is gone (its transaction ended): only the kept rows remain
        Failed    // reading more failed: error()
    };
    Q_ENUM(State)

    // The raw value, unlike DisplayRole's text; null for SQL NULL.
    static constexpr int ValueRole = Qt::UserRole + 1;
    // True for a row that is not in the client (yet, or any more).
    static constexpr int LoadingRole = Qt::UserRole + 2;

    ResultSetModel(int statementIndex, QStringList columns, QList<quint32> types,
                   QObject *parent = nullptr);
    ~ResultSetModel() override;

    int statementIndex() const { return m_statementIndex; }
    const QStringList &columns() const { return m_columns; }
    const QList<quint32> &columnTypes() const { return m_types; }
    State state() const { return m_state; }
    const DbError &error() const { return m_error; }
    // Why the cursor closed, for the result's status line.
    const QString &closedReason() const { return m_closedReason; }

    // Rows the model shows: those read so far, or the total once it is known.
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent = {}) const override;
    void fetchMore(const QModelIndex &parent = {}) override;

    // Learns the total (the rows then load as they are shown); nothing when already known.
    void fetchAll();
    // Rows seen from the start in order (the high-water mark).
    qint64 fetchedCount() const { return m_fetched; }
    // The total, once known (the end was reached, or Fetch All answered).
    std::optional<qint64> totalCount() const { return m_total; }
    // Rows held in this process now: what the memory bound is about.
    int cachedRowCount() const;
    static QString loadingText();

    // --- for the session (in the model's thread) ---
    void attach(ResultSource *source, int cursorId);
    // Rows from `first`; fewer than asked for means the end was reached at first + size.
    void deliverRows(qint64 first, const QList<QVariantList> &rows, int asked);
    // A result without a cursor: its kept rows and its full count.
    void deliverStatic(const QList<QVariantList> &rows, qint64 total);
    void deliverTotal(qint64 total);
    void markClosed(const QString &reason);
    void markFailed(const DbError &error);

signals:
    // The fetched count, the total or the cached rows changed.
    void countsChanged();
    void stateChanged(dbx::model::ResultSetModel::State state);

private:
    struct Page {
        QList<QVariantList> rows;
        quint64 used = 0;
    };
    const QVariantList *rowAt(qint64 row) const;
    void requestPage(qint64 page) const;
    void evict();
    void setState(State state);
    void setRowCount(qint64 rows);

    int m_statementIndex;
    QStringList m_columns;
    QList<quint32> m_types;
    ResultSource *m_source = nullptr;
    int m_cursorId = 0;
    State m_state = State::Open;
    DbError m_error;
    QString m_closedReason;
    qint64 m_fetched = 0;
    qint64 m_shown = 0;
    std::optional<qint64> m_total;
    bool m_static = false;
    bool m_totalAsked = false;
    mutable QHash<qint64, Page> m_pages;
    mutable QSet<qint64> m_pending;
    mutable quint64 m_clock = 0;
};

} // namespace dbx::model
