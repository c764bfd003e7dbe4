#include "model/export/nestedjson.h"

#include "model/db/executor.h"
#include "model/relations/relationshipgraph.h"
#include "model/sqlident.h"

#include <QCoreApplication>

namespace dbx::model {

namespace {

// `to_jsonb(alias)` extended with one array per referencing table, each built the same way one
// level down. Aliases are numbered so that nested subqueries can name their parent row.
QString rowObject(const SchemaSnapshot &snapshot, const RelationshipGraph &graph,
                  const TableInfo &table, const QString &alias, int depth, int *counter,
                  QVariantList *params)
{
    QString object = QLatin1String("to_jsonb(") + alias + QLatin1Char(')');
    if (depth <= 0)
        return object;
    for (const SchemaInfo &schema : snapshot.schemas) {
        for (const TableInfo &child : schema.tables) {
            for (const ForeignKeyInfo &fk : child.foreignKeys) {
                if (fk.refSchema != table.schema || fk.refTable != table.name)
                    continue;
                const QString childAlias = QStringLiteral("c%1").arg(++*counter);
                QStringList match;
                for (qsizetype i = 0; i < fk.columns.size(); ++i) {
                    match << childAlias + QLatin1Char('.') + quoteIdent(fk.columns.at(i)) +
                                 QLatin1String(" = ") + alias + QLatin1Char('.') +
                                 quoteIdent(fk.refColumns.value(i));
                }
                const QString inner =
                    rowObject(snapshot, graph, child, childAlias, depth - 1, counter, params);
                // Two foreign keys to the same table would collide as keys: name them by
                // the column when the table name alone is ambiguous.
                QString name = child.name;
                int sameTable = 0;
                for (const ForeignKeyInfo &other : child.foreignKeys)
                    sameTable += other.refSchema == table.schema && other.refTable == table.name;
                if (sameTable > 1)
                    name += QLatin1String(" by ") + fk.columns.join(QLatin1String(", "));
                QString orderBy;
                if (!child.primaryKey.isEmpty()) {
                    QStringList keys;
                    for (const QString &k : child.primaryKey)
                        keys << childAlias + QLatin1Char('.') + quoteIdent(k);
                    orderBy = QLatin1String(" ORDER BY ") + keys.join(QLatin1String(", "));
                }
                *params << name;
                object += QLatin1String(" || jsonb_build_object($") +
                          QString::number(params->size()) +
                          QLatin1String("::text, (SELECT coalesce(jsonb_agg(") + inner + orderBy +
                          QLatin1String("), '[]'::jsonb) FROM ") +
                          quoteQualified(child.schema, child.name) + QLatin1Char(' ') + childAlias +
                          QLatin1String(" WHERE ") + match.join(QLatin1String(" AND ")) +
                          QLatin1String("))");
            }
        }
    }
    // Many-to-many: the rows on the far side of an association table, each with the link's
    // own columns (a resume's vacancies, each with its cover_letter).
    for (const Relationship &r : graph.from(TableRef{table.schema, table.name})) {
        if (r.kind != Relationship::Kind::ManyToMany)
            continue;
        const TableInfo *far = snapshot.table(r.to.schema, r.to.name);
        if (!far)
            continue;
        const QString link = QStringLiteral("c%1").arg(++*counter);
        const QString row = QStringLiteral("c%1").arg(++*counter);
        QString item = QLatin1String("to_jsonb(") + row + QLatin1Char(')');
        for (const QString &attribute : r.linkAttributes) {
            *params << attribute;
            item += QLatin1String(" || jsonb_build_object($") + QString::number(params->size()) +
                    QLatin1String("::text, ") + link + QLatin1Char('.') + quoteIdent(attribute) +
                    QLatin1Char(')');
        }
        QStringList on;
        for (qsizetype i = 0; i < r.toColumns.size(); ++i)
            on << row + QLatin1Char('.') + quoteIdent(r.toColumns.at(i)) + QLatin1String(" = ") +
                      link + QLatin1Char('.') + quoteIdent(r.viaToColumns.value(i));
        QStringList where;
        for (qsizetype i = 0; i < r.fromColumns.size(); ++i)
            where << link + QLatin1Char('.') + quoteIdent(r.viaFromColumns.value(i)) +
                         QLatin1String(" = ") + alias + QLatin1Char('.') +
                         quoteIdent(r.fromColumns.at(i));
        QStringList order;
        for (const QString &k : far->primaryKey)
            order << row + QLatin1Char('.') + quoteIdent(k);
        *params << r.to.name;
        object +=
            QLatin1String(" || jsonb_build_object($") + QString::number(params->size()) +
            QLatin1String("::text, (SELECT coalesce(jsonb_agg(") + item +
            (order.isEmpty() ? QString()
                             : QLatin1String(" ORDER BY ") + order.join(QLatin1String(", "))) +
            QLatin1String("), '[]'::jsonb) FROM ") + quoteQualified(r.via.schema, r.via.name) +
            QLatin1Char(' ') + link + QLatin1String(" JOIN ") +
            quoteQualified(r.to.schema, r.to.name) + QLatin1Char(' ') + row +
            QLatin1String(" ON ") + on.join(QLatin1String(" AND ")) + QLatin1String(" WHERE ") +
            where.join(QLatin1String(" AND ")) + QLatin1String("))");
    }
    return object;
}

} // namespace

Statement nestedJsonStatement(const SchemaSnapshot &snapshot, const TableInfo &table,
                                 const QVariantList &key, int depth)
{
    Statement st;
    int counter = 0;
    const QString alias = QStringLiteral("c0");
    const RelationshipGraph graph(snapshot);
    const QString object = rowObject(snapshot, graph, table, alias, depth, &counter, &st.params);
    QStringList match;
    for (qsizetype i = 0; i < table.primaryKey.size(); ++i) {
        st.params << key.value(i);
        match << alias + QLatin1Char('.') + quoteIdent(table.primaryKey.at(i)) +
                     QLatin1String(" = $") + QString::number(st.params.size());
    }
    st.sql = QLatin1String("SELECT jsonb_pretty(") + object + QLatin1String(") FROM ") +
             quoteQualified(table.schema, table.name) + QLatin1Char(' ') + alias +
             QLatin1String(" WHERE ") + match.join(QLatin1String(" AND "));
    return st;
}

Result<QString> readNestedJson(QSqlDatabase &db, const SchemaSnapshot &snapshot,
                               const TableInfo &table, const QVariantList &key, int depth)
{
    if (table.primaryKey.isEmpty() || key.size() != table.primaryKey.size()) {
        DbError error;
        error.kind = DbError::Kind::Statement;
        error.message = QCoreApplication::translate(
            "NestedJson", "Only rows of a table with a primary key can be exported with their "
                          "related rows.");
        return error;
    }
    const Statement st = nestedJsonStatement(snapshot, table, key, depth);
    const Result<PgRows> rows = exec(db, st);
    if (!rows.ok())
        return rows.error();
    if (rows->rows.isEmpty()) {
        DbError error;
        error.kind = DbError::Kind::Statement;
        error.message = QCoreApplication::translate("NestedJson", "The row no longer exists.");
        return error;
    }
    return rows->rows.first().value(0).toString();
}

Ticket loadNestedJson(Database &database, const SchemaSnapshot &snapshot, const TableInfo &table,
                      const QVariantList &key, QObject *context,
                      std::function<void(Ticket, const Result<QString> &)> done)
{
    return database.run<QString>(
        [snapshot, table, key](QSqlDatabase &db, const JobContext &) {
            return readNestedJson(db, snapshot, table, key);
        },
        context, std::move(done));
}

} // namespace dbx::model
