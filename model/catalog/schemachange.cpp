#include "model/catalog/schemachange.h"

#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/sqlident.h"

#include <QCoreApplication>

namespace dbx::model {

namespace {

// PostgreSQL cuts names at NAMEDATALEN - 1 bytes; a longer one would silently name another.
constexpr int maxNameBytes = 63;

QString nameProblem(const QString &name, const QString &what)
{
    if (name.trimmed().isEmpty())
        return SchemaChange::tr("%1: a name is needed").arg(what);
    if (name.toUtf8().size() > maxNameBytes)
        return SchemaChange::tr("%1: \"%2\" is longer than PostgreSQL's 63 bytes").arg(what, name);
    return {};
}

QString quotedList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &name : names)
        quoted << quoteIdent(name);
    return quoted.join(QLatin1String(", "));
}

QString columnSql(const ColumnDef &column, bool inlinePrimaryKey)
{
    QString sql = quoteIdent(column.name) + u' ' + column.type.trimmed();
    if (!column.defaultExpr.trimmed().isEmpty())
        sql += QStringLiteral(" DEFAULT ") + column.defaultExpr.trimmed();
    if (column.notNull)
        sql += QStringLiteral(" NOT NULL");
    if (inlinePrimaryKey && column.primaryKey)
        sql += QStringLiteral(" PRIMARY KEY");
    return sql;
}

QString columnProblem(const ColumnDef &column)
{
    if (const QString p = nameProblem(column.name, SchemaChange::tr("column")); !p.isEmpty())
        return p;
    if (column.type.trimmed().isEmpty())
        return SchemaChange::tr("column %1: a type is needed").arg(column.name);
    return {};
}

QString createTableSql(const SchemaChange &change)
{
    QStringList keys;
    for (const ColumnDef &column : change.columns)
        if (column.primaryKey)
            keys << column.name;
    QStringList lines;
    for (const ColumnDef &column : change.columns)
        lines << QStringLiteral("    ") + columnSql(column, keys.size() == 1);
    if (keys.size() > 1)
        lines << QStringLiteral("    PRIMARY KEY (%1)").arg(quotedList(keys));
    return QStringLiteral("CREATE TABLE %1 (\n%2\n)")
        .arg(change.qualifiedTable(), lines.join(QLatin1String(",\n")));
}

// ALTER TABLE t ALTER COLUMN c ... to go from `from` to `to`, one statement per property.
QList<Statement> alterColumn(const QString &table, const ColumnDef &from, const ColumnDef &to)
{
    const QString prefix =
        QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 ").arg(table, quoteIdent(from.name));
    QList<Statement> out;
    if (from.type.trimmed() != to.type.trimmed())
        out << Statement(prefix + QStringLiteral("TYPE %1").arg(to.type.trimmed()));
    if (from.defaultExpr.trimmed() != to.defaultExpr.trimmed())
        out << Statement(prefix +
                         (to.defaultExpr.trimmed().isEmpty()
                              ? QStringLiteral("DROP DEFAULT")
                              : QStringLiteral("SET DEFAULT ") + to.defaultExpr.trimmed()));
    if (from.notNull != to.notNull)
        out << Statement(prefix + (to.notNull ? QStringLiteral("SET NOT NULL")
                                              : QStringLiteral("DROP NOT NULL")));
    return out;
}

QString kindProblem(const SchemaChange &c)
{
    using Kind = SchemaChange::Kind;
    switch (c.kind) {
    case Kind::CreateTable: {
        if (c.columns.isEmpty())
            return SchemaChange::tr("a table needs at least one column");
        QStringList seen;
        for (const ColumnDef &column : c.columns) {
            if (const QString p = columnProblem(column); !p.isEmpty())
                return p;
            if (seen.contains(column.name))
                return SchemaChange::tr("column %1 is listed twice").arg(column.name);
            seen << column.name;
        }
        return {};
    }
    case Kind::AddColumn:
        return c.columns.size() == 1 ? columnProblem(c.columns.first())
                                     : SchemaChange::tr("add one column at a time");
    case Kind::AlterColumn:
        if (c.columns.size() != 1 || c.columns.first().type.trimmed().isEmpty())
            return SchemaChange::tr("column %1: a type is needed").arg(c.column);
        return alterColumn({}, c.previous, c.columns.first()).isEmpty()
                   ? SchemaChange::tr("nothing is changed")
                   : QString();
    case Kind::DropColumn:
        return nameProblem(c.column, SchemaChange::tr("column"));
    case Kind::AddIndex:
    case Kind::AddForeignKey:
        if (c.keyColumns.isEmpty())
            return SchemaChange::tr("choose at least one column");
        if (c.kind == Kind::AddForeignKey) {
            if (const QString p = nameProblem(c.refTable, SchemaChange::tr("referenced table"));
                !p.isEmpty())
                return p;
            if (c.refColumns.size() != c.keyColumns.size())
                return SchemaChange::tr(
                           "a foreign key needs as many referenced columns as columns (%1)")
                    .arg(c.keyColumns.size());
        }
        return nameProblem(c.effectiveConstraintName(), SchemaChange::tr("name"));
    case Kind::AddCheck:
        if (c.expression.trimmed().isEmpty())
            return SchemaChange::tr("a check needs a condition");
        return nameProblem(c.effectiveConstraintName(), SchemaChange::tr("name"));
    case Kind::RenameTable:
    case Kind::RenameColumn:
        if (c.kind == Kind::RenameColumn && c.column.isEmpty())
            return SchemaChange::tr("choose the column to rename");
        if (const QString p = nameProblem(c.newName, SchemaChange::tr("new name")); !p.isEmpty())
            return p;
        return c.newName == (c.kind == Kind::RenameTable ? c.table : c.column)
                   ? SchemaChange::tr("the new name is the old one")
                   : QString();
    }
    return {};
}

} // namespace

QString SchemaChange::qualifiedTable() const
{
    return quoteQualified(schema, table);
}

QString SchemaChange::effectiveConstraintName() const
{
    if (!constraintName.trimmed().isEmpty())
        return constraintName.trimmed();
    // As PostgreSQL names them when none is given: table_columns_suffix.
    QString suffix;
    switch (kind) {
    case Kind::AddIndex:
        suffix = unique ? QStringLiteral("key") : QStringLiteral("idx");
        break;
    case Kind::AddForeignKey:
        suffix = QStringLiteral("fkey");
        break;
    default:
        return table + QStringLiteral("_check");
    }
    const QString base = QStringList{table, keyColumns.join(u'_')}.join(u'_');
    return QString::fromUtf8(base.toUtf8().left(maxNameBytes - int(suffix.size()) - 1)) + u'_' +
           suffix;
}

QString SchemaChange::problem() const
{
    if (const QString p = nameProblem(table, SchemaChange::tr("table")); !p.isEmpty())
        return p;
    return kindProblem(*this);
}

QList<Statement> SchemaChange::upgrade() const
{
    if (!problem().isEmpty())
        return {};
    const QString t = qualifiedTable();
    const QString alter = QStringLiteral("ALTER TABLE %1 ").arg(t);
    switch (kind) {
    case Kind::CreateTable:
        return {Statement(createTableSql(*this))};
    case Kind::AddColumn:
        return {
            Statement(alter + QStringLiteral("ADD COLUMN ") + columnSql(columns.first(), true))};
    case Kind::AlterColumn:
        return alterColumn(t, previous, columns.first());
    case Kind::DropColumn:
        return {Statement(alter + QStringLiteral("DROP COLUMN ") + quoteIdent(column))};
    case Kind::AddIndex:
        return {
            Statement(QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
                          .arg(unique ? QStringLiteral("UNIQUE ") : QString(),
                               quoteIdent(effectiveConstraintName()), t, quotedList(keyColumns)))};
    case Kind::AddForeignKey: {
        QString sql =
            alter + QStringLiteral("ADD CONSTRAINT %1 FOREIGN KEY (%2) REFERENCES %3 (%4)")
                        .arg(quoteIdent(effectiveConstraintName()), quotedList(keyColumns),
                             quoteQualified(refSchema, refTable), quotedList(refColumns));
        if (!onDelete.isEmpty() && onDelete != QLatin1String("NO ACTION"))
            sql += QStringLiteral(" ON DELETE ") + onDelete;
        return {Statement(sql)};
    }
    case Kind::AddCheck:
        return {Statement(alter +
                          QStringLiteral("ADD CONSTRAINT %1 CHECK (%2)")
                              .arg(quoteIdent(effectiveConstraintName()), expression.trimmed()))};
    case Kind::RenameTable:
        return {Statement(alter + QStringLiteral("RENAME TO ") + quoteIdent(newName))};
    case Kind::RenameColumn:
        return {Statement(
            alter +
            QStringLiteral("RENAME COLUMN %1 TO %2").arg(quoteIdent(column), quoteIdent(newName)))};
    }
    return {};
}

QList<Statement> SchemaChange::downgrade() const
{
    if (!problem().isEmpty())
        return {};
    const QString t = qualifiedTable();
    const QString alter = QStringLiteral("ALTER TABLE %1 ").arg(t);
    switch (kind) {
    case Kind::CreateTable:
        return {Statement(QStringLiteral("DROP TABLE ") + t)};
    case Kind::AddColumn:
        return {
            Statement(alter + QStringLiteral("DROP COLUMN ") + quoteIdent(columns.first().name))};
    case Kind::AlterColumn: {
        ColumnDef now = columns.first();
        now.name = previous.name;
        return alterColumn(t, now, previous);
    }
    case Kind::DropColumn: // the column comes back, its values do not
        return {Statement(alter + QStringLiteral("ADD COLUMN ") + columnSql(previous, false))};
    case Kind::AddIndex:
        return {Statement(QStringLiteral("DROP INDEX ") +
                          quoteQualified(schema, effectiveConstraintName()))};
    case Kind::AddForeignKey:
    case Kind::AddCheck:
        return {Statement(alter + QStringLiteral("DROP CONSTRAINT ") +
                          quoteIdent(effectiveConstraintName()))};
    case Kind::RenameTable:
        return {Statement(QStringLiteral("ALTER TABLE %1 RENAME TO %2")
                              .arg(quoteQualified(schema, newName), quoteIdent(table)))};
    case Kind::RenameColumn:
        return {Statement(
            alter +
            QStringLiteral("RENAME COLUMN %1 TO %2").arg(quoteIdent(newName), quoteIdent(column)))};
    }
    return {};
}

QString SchemaChange::script(const QList<Statement> &statements)
{
    QString text;
    for (const Statement &statement : statements)
        text += statement.sql + QStringLiteral(";\n");
    return text;
}

QString SchemaChange::summary() const
{
    const QString first = columns.isEmpty() ? QString() : columns.first().name;
    switch (kind) {
    case Kind::CreateTable:
        return SchemaChange::tr("create table %1").arg(table);
    case Kind::AddColumn:
        return SchemaChange::tr("add column %1.%2").arg(table, first);
    case Kind::AlterColumn:
        return SchemaChange::tr("alter column %1.%2").arg(table, column);
    case Kind::DropColumn:
        return SchemaChange::tr("drop column %1.%2").arg(table, column);
    case Kind::AddIndex:
        return SchemaChange::tr("add index %1").arg(effectiveConstraintName());
    case Kind::AddForeignKey:
        return SchemaChange::tr("add foreign key %1").arg(effectiveConstraintName());
    case Kind::AddCheck:
        return SchemaChange::tr("add check %1").arg(effectiveConstraintName());
    case Kind::RenameTable:
        return SchemaChange::tr("rename table %1 to %2").arg(table, newName);
    case Kind::RenameColumn:
        return SchemaChange::tr("rename column %1.%2 to %3").arg(table, column, newName);
    }
    return {};
}

Ticket runSchemaChange(Database &database, const SchemaChange &change, QObject *context,
                       std::function<void(Ticket, const Status &)> done)
{
    const QList<Statement> statements = change.upgrade();
    const QString problem = change.problem();
    std::function<Result<bool>(QSqlDatabase &, const JobContext &)> job =
        [statements, problem](QSqlDatabase &db, const JobContext &) -> Result<bool> {
        if (!problem.isEmpty())
            return DbError::plain(problem);
        QList<Statement> all{Statement(QStringLiteral("BEGIN"))};
        all << statements << Statement(QStringLiteral("COMMIT"));
        if (const Status status = execAll(db, all); !status) {
            // DDL is transactional in PostgreSQL: after a failure nothing of it stays.
            exec(db, Statement(QStringLiteral("ROLLBACK")));
            return status.error();
        }
        return true;
    };
    return database.run<bool>(std::move(job), context,
                              [done = std::move(done)](Ticket ticket, const Result<bool> &result) {
                                  done(ticket, result ? Status() : Status(result.error()));
                              });
}

} // namespace dbx::model
