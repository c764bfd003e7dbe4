#include "model/query/joinsuggestions.h"

#include "model/relations/relationshipgraph.h"

#include <QCoreApplication>
#include <QSet>

namespace dbx::model::query {

namespace {

QSet<QString> namesInUse(const Query &query)
{
    QSet<QString> names{query.from.name()};
    for (const Join &join : query.joins)
        names.insert(join.target.name());
    return names;
}

// Each new source needs a name of its own: a table joined twice gets "resumes2".
QString uniqueName(const QString &table, QSet<QString> &used)
{
    QString name = table;
    for (int n = 2; used.contains(name); ++n)
        name = table + QString::number(n);
    used.insert(name);
    return name;
}

Join joinOn(const TableRef &table, const QString &name, const QString &leftSource,
            const QStringList &leftColumns, const QStringList &rightColumns,
            const QString &foreignKey)
{
    Join join;
    join.type = Join::Type::Inner;
    join.target =
        Source::fromTable(table.schema, table.name, name == table.name ? QString() : name);
    join.foreignKey = foreignKey;
    join.on = Filter::group(Filter::Logic::And);
    for (qsizetype i = 0; i < leftColumns.size() && i < rightColumns.size(); ++i)
        join.on.children << Filter::condition(Expr::col(leftSource, leftColumns.at(i)),
                                              Filter::Op::Eq,
                                              {Expr::col(name, rightColumns.at(i))});
    return join;
}

QString columnsText(const QString &source, const QStringList &columns)
{
    return source + QLatin1Char('.') + columns.join(QLatin1Char(','));
}

} // namespace

QList<JoinSuggestion> joinSuggestions(const Query &query, const SchemaSnapshot &snapshot)
{
    const RelationshipGraph graph(snapshot);
    QSet<QString> joinedKeys;
    for (const Join &join : query.joins)
        if (!join.foreignKey.isEmpty())
            joinedKeys.insert(join.foreignKey);

    QList<const Source *> present{&query.from};
    for (const Join &join : query.joins)
        present << &join.target;

    QList<JoinSuggestion> suggestions;
    for (const Source *source : present) {
        if (source->kind != Source::Kind::Table)
            continue;
        const TableRef table{source->schema.isEmpty() ? QStringLiteral("public") : source->schema,
                             source->table};
        for (const Relationship &rel : graph.from(table)) {
            QSet<QString> used = namesInUse(query);
            JoinSuggestion suggestion;
            if (rel.kind == Relationship::Kind::ManyToMany) {
                if (joinedKeys.contains(rel.constraintName) ||
                    joinedKeys.contains(rel.toConstraintName))
                    continue;
                const QString via = uniqueName(rel.via.name, used);
                const QString to = uniqueName(rel.to.name, used);
                suggestion.joins << joinOn(rel.via, via, source->name(), rel.fromColumns,
                                           rel.viaFromColumns, rel.constraintName);
                suggestion.joins << joinOn(rel.to, to, via, rel.viaToColumns, rel.toColumns,
                                           rel.toConstraintName);
                suggestion.label = QCoreApplication::translate("dbx::model::query::JoinSuggestion",
                                                               "%1 ↔ %2 through %3")
                                       .arg(source->name(), to, via);
            } else {
                if (joinedKeys.contains(rel.constraintName))
                    continue;
                const QString to = uniqueName(rel.to.name, used);
                suggestion.joins << joinOn(rel.to, to, source->name(), rel.fromColumns,
                                           rel.toColumns, rel.constraintName);
                const QString here = columnsText(source->name(), rel.fromColumns);
                const QString there = columnsText(to, rel.toColumns);
                // The arrow points from the side holding the key to the side it references.
                suggestion.label = rel.owning ? QCoreApplication::translate(
                                                    "dbx::model::query::JoinSuggestion", "%1 → %2")
                                                    .arg(here, there)
                                              : QCoreApplication::translate(
                                                    "dbx::model::query::JoinSuggestion", "%1 ← %2")
                                                    .arg(here, there);
            }
            suggestions << suggestion;
        }
    }
    return suggestions;
}

} // namespace dbx::model::query
