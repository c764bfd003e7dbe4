#include "model/query/queryscope.h"

#include "model/query/queryscopeimpl.h"
#include "model/query/querytypes.h"

namespace dbx::model::query {

namespace {

QString unquoted(QString part)
{
    if (part.size() >= 2 && part.startsWith(QLatin1Char('"')) && part.endsWith(QLatin1Char('"')))
        part = part.mid(1, part.size() - 2).replace(QLatin1String("\"\""), QLatin1String("\""));
    return part;
}

ScopeColumn typed(const QString &type)
{
    ScopeColumn c;
    c.type = type;
    c.dataType = ColumnType::fromName(type);
    return c;
}

} // namespace

const EnumInfo *findEnum(const SchemaSnapshot &snapshot, const QString &type,
                         const QString &preferredSchema)
{
    // format_type writes an enum unqualified when its schema is on the search path and
    // "schema.name" (each part quoted when needed) otherwise.
    const qsizetype dot = type.indexOf(QLatin1Char('.'));
    if (dot > 0 && !type.startsWith(QLatin1Char('"')))
        return snapshot.enumType(unquoted(type.left(dot)), unquoted(type.mid(dot + 1)));
    if (type.startsWith(QLatin1Char('"'))) {
        const qsizetype close = type.indexOf(QLatin1String("\"."));
        if (close > 0)
            return snapshot.enumType(unquoted(type.left(close + 1)), unquoted(type.mid(close + 2)));
    }
    const QString name = unquoted(type);
    for (const QString &schema : {preferredSchema, QStringLiteral("public")})
        if (const EnumInfo *e = snapshot.enumType(schema, name))
            return e;
    for (const SchemaInfo &schema : snapshot.schemas)
        for (const EnumInfo &e : schema.enums)
            if (e.name == name)
                return &e;
    return nullptr;
}

ScopeColumn describeType(const SchemaSnapshot &snapshot, const QString &type,
                         const ColumnType &known, const QString &preferredSchema)
{
    ScopeColumn c;
    c.type = type;
    c.dataType = known.kind == TypeKind::Unknown ? ColumnType::fromName(type) : known;
    if (c.dataType.kind == TypeKind::Unknown || c.dataType.kind == TypeKind::Enum) {
        if (const EnumInfo *e = findEnum(snapshot, type, preferredSchema)) {
            c.dataType.kind = TypeKind::Enum;
            c.dataType.enumSchema = e->schema;
            c.dataType.enumName = e->name;
            c.enumSchema = e->schema;
        }
    }
    return c;
}

const NamedQuery *findCte(const QList<NamedQuery> &visible, const QString &name)
{
    // Later entries are nearer in scope: an inner WITH hides an outer one of the same name.
    for (qsizetype i = visible.size() - 1; i >= 0; --i)
        if (visible.at(i).name == name)
            return &visible.at(i);
    return nullptr;
}

QList<ScopeColumn> sourceColumns(const Source &source, const SchemaSnapshot &snapshot,
                                 const QList<NamedQuery> &visible)
{
    QList<ScopeColumn> out;
    const QString name = source.name();
    switch (source.kind) {
    case Source::Kind::Table: {
        const QString schema = source.schema.isEmpty() ? QStringLiteral("public") : source.schema;
        const TableInfo *table = snapshot.table(schema, source.table);
        if (!table)
            return out;
        for (const ColumnInfo &column : table->columns) {
            ScopeColumn c = describeType(snapshot, column.type, column.dataType, schema);
            c.source = name;
            c.name = column.name;
            out << c;
        }
        return out;
    }
    case Source::Kind::Cte: {
        const qsizetype at = [&] {
            for (qsizetype i = visible.size() - 1; i >= 0; --i)
                if (visible.at(i).name == source.cte)
                    return i;
            return qsizetype(-1);
        }();
        if (at < 0)
            return out;
        // A CTE sees only the CTEs before it.
        out = outputColumns(visible.at(at).query, snapshot, visible.mid(0, at));
        break;
    }
    case Source::Kind::Subquery:
        if (source.subquery.isEmpty())
            return out;
        out = outputColumns(source.subquery.first(), snapshot, visible);
        break;
    }
    for (ScopeColumn &c : out)
        c.source = name;
    return out;
}

const ScopeColumn *findColumn(const QList<ScopeColumn> &scope, const QString &source,
                              const QString &column)
{
    for (const ScopeColumn &c : scope)
        if ((source.isEmpty() || c.source == source) && c.name == column)
            return &c;
    return nullptr;
}

ScopeColumn exprType(const Expr &e, const QList<ScopeColumn> &scope, const SchemaSnapshot &snapshot)
{
    if (!e.cast.isEmpty() && e.kind != Expr::Kind::Star)
        return describeType(snapshot, e.cast.simplified(), {}, QStringLiteral("public"));
    switch (e.kind) {
    case Expr::Kind::Column:
        if (const ScopeColumn *c = findColumn(scope, e.source, e.column))
            return *c;
        return {};
    case Expr::Kind::Star:
        return {};
    case Expr::Kind::Value:
        switch (e.value.typeId()) {
        case QMetaType::Int:
        case QMetaType::LongLong:
            return typed(QStringLiteral("bigint"));
        case QMetaType::Double:
            return typed(QStringLiteral("numeric"));
        case QMetaType::Bool:
            return typed(QStringLiteral("boolean"));
        default:
            return {};
        }
    case Expr::Kind::Arithmetic: {
        if (e.args.size() != 2)
            return {};
        const ScopeColumn left = exprType(e.args.at(0), scope, snapshot);
        const ScopeColumn right = exprType(e.args.at(1), scope, snapshot);
        if (!left.dataType.isNumeric() || !right.dataType.isNumeric())
            return {};
        return typed(left.type == right.type ? left.type : QStringLiteral("numeric"));
    }
    case Expr::Kind::Aggregate:
    case Expr::Kind::Window:
        switch (e.function) {
        case Expr::Function::Count:
        case Expr::Function::CountDistinct:
        case Expr::Function::Rank:
        case Expr::Function::DenseRank:
        case Expr::Function::RowNumber:
            return typed(QStringLiteral("bigint"));
        case Expr::Function::Sum:
        case Expr::Function::Avg:
            return typed(QStringLiteral("numeric"));
        case Expr::Function::Min:
        case Expr::Function::Max:
            return e.args.isEmpty() ? ScopeColumn() : exprType(e.args.first(), scope, snapshot);
        case Expr::Function::None:
            return {};
        }
    }
    return {};
}

QString outputName(const SelectItem &item)
{
    if (!item.label.isEmpty())
        return item.label;
    // The names PostgreSQL itself gives unlabelled output columns.
    switch (item.expr.kind) {
    case Expr::Kind::Column:
        return item.expr.column;
    case Expr::Kind::Aggregate:
    case Expr::Kind::Window:
        return functionName(item.expr.function);
    default:
        break;
    }
    return QStringLiteral("?column?");
}

QList<ScopeColumn> outputColumns(const Query &query, const SchemaSnapshot &snapshot,
                                 const QList<NamedQuery> &outer)
{
    const QList<ScopeColumn> scope = columnsInScope(query, snapshot, outer);
    if (query.select.isEmpty())
        return scope;
    QList<ScopeColumn> out;
    for (const SelectItem &item : query.select) {
        if (item.expr.kind == Expr::Kind::Star) {
            for (const ScopeColumn &c : scope)
                if (item.expr.source.isEmpty() || c.source == item.expr.source)
                    out << c;
            continue;
        }
        ScopeColumn c = exprType(item.expr, scope, snapshot);
        c.name = outputName(item);
        out << c;
    }
    return out;
}

QList<ScopeColumn> columnsInScope(const Query &query, const SchemaSnapshot &snapshot,
                                  const QList<NamedQuery> &outer)
{
    const QList<NamedQuery> visible = outer + query.ctes;
    QList<ScopeColumn> out = sourceColumns(query.from, snapshot, visible);
    for (const Join &join : query.joins)
        out += sourceColumns(join.target, snapshot, visible);
    return out;
}

} // namespace dbx::model::query
