#include "model/edit/cascadepreview.h"

#include "model/db/executor.h"
#include "model/db/pgnative.h"
#include "model/sqlident.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include <algorithm>
#include <optional>
#include <utility>

namespace dbx::model {

namespace {

// Deep enough for any schema a person designed on purpose; what stops a self-reference or a
// cycle of cascades that the data keeps following.
constexpr int depthLimit = 8;
// A schema where every table refers to every other could fan out beyond reason.
constexpr int queryLimit = 1000;

DbError makeError(DbError::Kind kind, const QString &message)
{
    DbError error;
    error.kind = kind;
    error.message = message;
    if (kind == DbError::Kind::Cancelled)
        error.sqlState = QStringLiteral("57014");
    return error;
}

QString columnList(const QStringList &columns)
{
    QStringList quoted;
    for (const QString &c : columns)
        quoted << quoteIdent(c);
    return quoted.join(QLatin1String(", "));
}

// ("a", "b") IN (($1, $2), ($3, $4)): one row constructor per key, every value bound.
QString keyCondition(const QStringList &primaryKey, qsizetype keyCount)
{
    QStringList tuples;
    int n = 0;
    for (qsizetype k = 0; k < keyCount; ++k) {
        QStringList placeholders;
        for (qsizetype c = 0; c < primaryKey.size(); ++c)
            placeholders << QLatin1Char('$') + QString::number(++n);
        tuples << QLatin1Char('(') + placeholders.join(QLatin1String(", ")) + QLatin1Char(')');
    }
    return QLatin1Char('(') + columnList(primaryKey) + QLatin1String(") IN (") +
           tuples.join(QLatin1String(", ")) + QLatin1Char(')');
}

CascadeEffect::Action actionFor(const QString &onDelete)
{
    if (onDelete == QLatin1String("CASCADE"))
        return CascadeEffect::Action::Delete;
    if (onDelete == QLatin1String("SET NULL"))
        return CascadeEffect::Action::SetNull;
    if (onDelete == QLatin1String("SET DEFAULT"))
        return CascadeEffect::Action::SetDefault;
    return CascadeEffect::Action::Blocked; // RESTRICT, NO ACTION
}

QString tableKey(const QString &schema, const QString &table)
{
    return schema + QChar(u'\x1f') + table;
}

// The rows of a referring table that point at the rows `parentCondition` selects in `parent`.
QString referrerCondition(const ForeignKeyInfo &fk, const TableInfo &parent,
                          const QString &parentCondition)
{
    return QLatin1Char('(') + columnList(fk.columns) + QLatin1String(") IN (SELECT ") +
           columnList(fk.refColumns) + QLatin1String(" FROM ") +
           quoteQualified(parent.schema, parent.name) + QLatin1String(" WHERE ") + parentCondition +
           QLatin1Char(')');
}

struct IncomingKey {
    const TableInfo *child;
    const ForeignKeyInfo *key;
};

// Walks the foreign keys that point at a table, depth first. Each table reached is described by
// a WHERE condition over it: the starting rows, then "my key columns IN (SELECT the referenced
// columns FROM my parent WHERE the parent's condition)", nested as deep as the chain goes, all
// with the same bound values.
class Walker {
public:
    Walker(QSqlDatabase &db, const SchemaSnapshot &snapshot, const TableInfo &root,
           QString rootCondition, QVariantList params, const JobContext *job)
        : m_db(db)
        , m_rootKey(tableKey(root.schema, root.name))
        , m_rootCondition(std::move(rootCondition))
        , m_params(std::move(params))
        , m_job(job)
    {
        for (const SchemaInfo &schema : snapshot.schemas) {
            for (const TableInfo &table : schema.tables) {
                for (const ForeignKeyInfo &fk : table.foreignKeys)
                    m_incoming[tableKey(fk.refSchema, fk.refTable)].append({&table, &fk});
            }
        }
    }

    // Foreign keys that PostgreSQL copies onto each partition of a partitioned table: the
    // partitioned table's own key already covers their rows.
    bool readPartitionCopies()
    {
        const Result<PgRows> rows =
            exec(m_db, Statement(QStringLiteral(
                           "SELECT n.nspname, c.relname, con.conname "
                           "FROM pg_catalog.pg_constraint con "
                           "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
                           "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE con.contype = 'f' AND con.conparentid <> 0 "
                           "AND c.relispartition")));
        if (!rows.ok())
            return fail(rows.error());
        for (const QList<QVariant> &row : rows->rows) {
            m_partitionCopies.insert(tableKey(row.at(0).toString(), row.at(1).toString()) +
                                     QChar(u'\x1f') + row.at(2).toString());
        }
        return true;
    }

    std::optional<qint64> count(const TableInfo &table, const QString &condition)
    {
        if (m_job && m_job->cancelled()) {
            fail(DbError::cancelled());
            return std::nullopt;
        }
        ++m_queries;
        const Result<PgRows> rows =
            exec(m_db, Statement(QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                                     .arg(quoteQualified(table.schema, table.name), condition),
                                 m_params));
        if (!rows.ok()) {
            fail(rows.error());
            return std::nullopt;
        }
        // count(*) always answers with one row.
        return rows->rows.value(0).value(0).toString().toLongLong();
    }

    bool walk(const TableInfo &parent, const QString &parentCondition, const QStringList &path,
              int depth)
    {
        const QList<IncomingKey> incoming = m_incoming.value(tableKey(parent.schema, parent.name));
        for (const IncomingKey &edge : incoming) {
            const TableInfo &child = *edge.child;
            const ForeignKeyInfo &fk = *edge.key;
            if (m_partitionCopies.contains(tableKey(child.schema, child.name) + QChar(u'\x1f') +
                                           fk.name))
                continue;
            QString condition = referrerCondition(fk, parent, parentCondition);
            const CascadeEffect::Action action = actionFor(fk.onDelete);
            // A self-reference that nulls or blocks: rows being deleted anyway do not count.
            if (action != CascadeEffect::Action::Delete &&
                tableKey(child.schema, child.name) == m_rootKey)
                condition += QLatin1String(" AND NOT (") + m_rootCondition + QLatin1Char(')');
            const std::optional<qint64> rows = count(child, condition);
            if (!rows)
                return false;
            if (*rows == 0)
                continue; // nothing reached here, so nothing further down either

            CascadeEffect effect;
            effect.schema = child.schema;
            effect.table = child.name;
            effect.action = action;
            effect.rows = *rows;
            effect.tableRows = *rows;
            effect.depth = depth;
            effect.constraintName = fk.name;
            effect.onDelete = fk.onDelete.isEmpty() ? QStringLiteral("NO ACTION") : fk.onDelete;
            effect.path = path + QStringList{child.name};
            const qsizetype index = effects.size();
            effects.append(effect);
            m_conditions[groupKey(effect)].append(condition);
            if (effect.action != CascadeEffect::Action::Delete)
                continue; // a nulled or blocking reference ends the chain
            if (depth >= depthLimit || m_queries >= queryLimit) {
                const std::optional<bool> more = reachesFurther(child, condition);
                if (!more)
                    return false;
                effects[index].truncated = *more;
                continue;
            }
            if (!walk(child, condition, effect.path, depth + 1))
                return false;
        }
        return true;
    }

    // Rows reached by the same action in one table along several chains are counted once.
    // More rows of the starting table, deleted through a self-reference, leave out the rows
    // asked for (`rootRows` of them), which some chain may reach again.
    bool countDistinct(qint64 rootRows)
    {
        const QString rootGroup =
            m_rootKey + QChar(u'\x1f') + QString::number(int(CascadeEffect::Action::Delete));
        for (auto it = m_conditions.cbegin(); it != m_conditions.cend(); ++it) {
            const bool isRoot = it.key() == rootGroup;
            if (it.value().size() < 2 && !isRoot)
                continue;
            QStringList conditions = it.value();
            if (isRoot)
                conditions.prepend(m_rootCondition);
            const CascadeEffect *first = nullptr;
            for (const CascadeEffect &e : effects) {
                if (e.depth > 0 && groupKey(e) == it.key()) {
                    first = &e;
                    break;
                }
            }
            if (!first)
                continue;
            TableInfo target;
            target.schema = first->schema;
            target.name = first->table;
            const std::optional<qint64> rows =
                count(target, conditions.join(QLatin1String(" OR ")));
            if (!rows)
                return false;
            const qint64 distinct = isRoot ? *rows - rootRows : *rows;
            for (CascadeEffect &e : effects) {
                if (e.depth > 0 && groupKey(e) == it.key())
                    e.tableRows = distinct;
            }
        }
        return true;
    }

    const DbError &error() const { return m_error; }

    QList<CascadeEffect> effects;

private:
    static QString groupKey(const CascadeEffect &effect)
    {
        return tableKey(effect.schema, effect.table) + QChar(u'\x1f') +
               QString::number(int(effect.action));
    }

    // At the depth limit: would a further cascade step still find rows?
    std::optional<bool> reachesFurther(const TableInfo &table, const QString &condition)
    {
        for (const IncomingKey &edge : m_incoming.value(tableKey(table.schema, table.name))) {
            const QString next = referrerCondition(*edge.key, table, condition);
            const std::optional<qint64> rows = count(*edge.child, next);
            if (!rows)
                return std::nullopt;
            if (*rows > 0)
                return true;
        }
        return false;
    }

    bool fail(const DbError &error)
    {
        m_error = error;
        return false;
    }

    QSqlDatabase &m_db;
    QString m_rootKey;
    QString m_rootCondition;
    QVariantList m_params;
    const JobContext *m_job;
    QHash<QString, QList<IncomingKey>> m_incoming;
    QSet<QString> m_partitionCopies;
    QHash<QString, QStringList> m_conditions; // per table and action, every chain's condition
    int m_queries = 0;
    DbError m_error;
};

// Opens a consistent, read-only view for the counts and closes it again, leaving the connection
// as it found it. Inside the user's own transaction it counts there, because that is where the
// delete would run, behind a savepoint so that a failed count cannot spoil that transaction.
class ReadSnapshot {
public:
    explicit ReadSnapshot(QSqlDatabase &db)
        : m_db(db)
    {}
    ~ReadSnapshot() { close(); }

    Status open()
    {
        switch (transactionState(m_db)) {
        case TransactionState::Idle:
            m_end = QStringList{QStringLiteral("ROLLBACK")};
            return run(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
        case TransactionState::InTransaction:
            m_end = QStringList{QStringLiteral("ROLLBACK TO SAVEPOINT dbx_cascade_preview"),
                                QStringLiteral("RELEASE SAVEPOINT dbx_cascade_preview")};
            return run(QStringLiteral("SAVEPOINT dbx_cascade_preview"));
        case TransactionState::InFailedTransaction:
            return makeError(
                DbError::Kind::Statement,
                QCoreApplication::translate("dbx::model::CascadePreview",
                                            "The open transaction has failed: roll it back before "
                                            "deleting anything."));
        default:
            return makeError(
                DbError::Kind::ConnectionLost,
                QCoreApplication::translate("Connector", "The connection to the server was lost."));
        }
    }

    void close()
    {
        for (const QString &sql : std::exchange(m_end, {}))
            exec(m_db, Statement(sql));
    }

private:
    Status run(const QString &sql)
    {
        const Result<PgRows> result = exec(m_db, Statement(sql));
        if (!result.ok()) {
            m_end.clear();
            return result.error();
        }
        return {};
    }

    QSqlDatabase &m_db;
    QStringList m_end;
};

} // namespace

Result<QList<CascadeEffect>> previewDelete(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                                           const TableInfo &table, const QList<QVariantList> &keys,
                                           const JobContext *job)
{
    if (table.primaryKey.isEmpty()) {
        return makeError(DbError::Kind::Statement,
                         QCoreApplication::translate("dbx::model::CascadePreview",
                                                     "%1 has no primary key, so the rows to "
                                                     "delete cannot be told apart.")
                             .arg(table.name));
    }
    QVariantList params;
    for (const QVariantList &key : keys) {
        if (key.size() != table.primaryKey.size()) {
            return makeError(
                DbError::Kind::Statement,
                QCoreApplication::translate("dbx::model::CascadePreview",
                                            "A row key has %1 values where the primary key of %2 "
                                            "has %3 columns.")
                    .arg(key.size())
                    .arg(table.name)
                    .arg(table.primaryKey.size()));
        }
        params.append(key);
    }
    // libpq numbers parameters with 16 bits.
    if (params.size() > 65535) {
        return makeError(
            DbError::Kind::Statement,
            QCoreApplication::translate("dbx::model::CascadePreview",
                                        "Too many rows at once to preview; select fewer rows."));
    }

    CascadeEffect root;
    root.schema = table.schema;
    root.table = table.name;
    root.path = QStringList{table.name};
    if (keys.isEmpty())
        return QList<CascadeEffect>{root};

    ReadSnapshot snap(db);
    if (const Status opened = snap.open(); !opened)
        return opened.error();

    const QString rootCondition = keyCondition(table.primaryKey, keys.size());
    Walker walker(db, snapshot, table, rootCondition, params, job);
    const std::optional<qint64> rootRows = walker.count(table, rootCondition);
    if (!rootRows)
        return walker.error();
    root.rows = *rootRows;
    root.tableRows = *rootRows;
    walker.effects.append(root);
    if (*rootRows > 0) {
        if (!walker.readPartitionCopies() || !walker.walk(table, rootCondition, root.path, 1) ||
            !walker.countDistinct(*rootRows))
            return walker.error();
    }
    return walker.effects;
}

Ticket loadDeletePreview(Database &database, const SchemaSnapshot &snapshot, const TableInfo &table,
                         const QList<QVariantList> &keys, QObject *context,
                         std::function<void(Ticket, const Result<QList<CascadeEffect>> &)> done)
{
    return database.run<QList<CascadeEffect>>(
        [snapshot, table, keys](QSqlDatabase &db, const JobContext &job) {
            return previewDelete(db, snapshot, table, keys, &job);
        },
        context, std::move(done));
}

bool deleteIsBlocked(const QList<CascadeEffect> &effects)
{
    return std::any_of(effects.cbegin(), effects.cend(), [](const CascadeEffect &e) {
        return e.action == CascadeEffect::Action::Blocked && e.rows > 0;
    });
}

namespace {

// "schema.table" only when the table lives elsewhere than the one the delete starts from.
QString displayName(const CascadeEffect &effect, const QString &rootSchema)
{
    return effect.schema == rootSchema ? effect.table
                                       : effect.schema + QLatin1Char('.') + effect.table;
}

// "a", "a and b", "a, b and c"
QString joinedList(const QStringList &items)
{
    if (items.size() < 2)
        return items.value(0);
    return QCoreApplication::translate("dbx::model::CascadePreview", "%1 and %2")
        .arg(items.mid(0, items.size() - 1).join(QLatin1String(", ")), items.last());
}

// "3 rows of resumes, 4 rows of vacancies_replies": one entry per table, rows over every chain.
QStringList rowsPerTable(const QList<CascadeEffect> &effects, CascadeEffect::Action action,
                         const QString &rootSchema)
{
    QStringList seen;
    QStringList items;
    for (const CascadeEffect &e : effects) {
        const QString name = displayName(e, rootSchema);
        if (e.depth == 0 || e.action != action || e.tableRows == 0 || seen.contains(name))
            continue;
        seen << name;
        items << QCoreApplication::translate("dbx::model::CascadePreview", "%n row(s) of %1",
                                             nullptr, int(e.tableRows))
                     .arg(name);
    }
    return items;
}

} // namespace

QString describe(const QList<CascadeEffect> &effects)
{
    if (effects.isEmpty())
        return {};
    const CascadeEffect &root = effects.first();
    const QString rootName = root.table;
    if (root.rows == 0) {
        return QCoreApplication::translate(
                   "dbx::model::CascadePreview",
                   "None of the selected rows of %1 exists any more: nothing would be "
                   "deleted.")
            .arg(rootName);
    }
    const int rootRows = int(root.rows);
    QStringList sentences;
    if (deleteIsBlocked(effects)) {
        QStringList blockers;
        for (const CascadeEffect &e : effects) {
            if (e.action != CascadeEffect::Action::Blocked)
                continue;
            blockers << QCoreApplication::translate(
                            "dbx::model::CascadePreview",
                            "%n row(s) of %1 still refer to them through %2 (%3)", nullptr,
                            int(e.rows))
                            .arg(displayName(e, root.schema), e.constraintName, e.onDelete);
        }
        sentences << QCoreApplication::translate(
                         "dbx::model::CascadePreview",
                         "The server would refuse to delete %n row(s) of %1: %2.", nullptr,
                         rootRows)
                         .arg(rootName, blockers.join(QLatin1String("; ")));
        return sentences.join(QLatin1Char(' '));
    }
    const QStringList deleted = rowsPerTable(effects, CascadeEffect::Action::Delete, root.schema);
    if (deleted.isEmpty()) {
        sentences << QCoreApplication::translate("dbx::model::CascadePreview",
                                                 "Deleting %n row(s) of %1 deletes nothing else.",
                                                 nullptr, rootRows)
                         .arg(rootName);
    } else {
        sentences << QCoreApplication::translate("dbx::model::CascadePreview",
                                                 "Deleting %n row(s) of %1 also "
                                                 "deletes %2.",
                                                 nullptr, rootRows)
                         .arg(rootName, joinedList(deleted));
    }
    const QStringList nulled = rowsPerTable(effects, CascadeEffect::Action::SetNull, root.schema);
    if (!nulled.isEmpty()) {
        sentences << QCoreApplication::translate("dbx::model::CascadePreview",
                                                 "%1 stay, with the reference set to NULL.")
                         .arg(joinedList(nulled));
    }
    const QStringList reset = rowsPerTable(effects, CascadeEffect::Action::SetDefault, root.schema);
    if (!reset.isEmpty()) {
        sentences << QCoreApplication::translate(
                         "dbx::model::CascadePreview",
                         "%1 stay, with the reference reset to its default.")
                         .arg(joinedList(reset));
    }
    const bool truncated = std::any_of(effects.cbegin(), effects.cend(),
                                       [](const CascadeEffect &e) { return e.truncated; });
    if (truncated) {
        sentences << QCoreApplication::translate("dbx::model::CascadePreview",
                                                 "The cascade goes deeper than %n level(s); rows "
                                                 "further down are not counted.",
                                                 nullptr, depthLimit);
    }
    return sentences.join(QLatin1Char(' '));
}

} // namespace dbx::model
