#include "migrations/schemaedit.h"

#include "model/db/database.h"
#include "model/db/executor.h"
#include "model/sqlident.h"

#include <QCoreApplication>

namespace dbx::migrations {

namespace {

using model::quoteIdent;
using model::quoteQualified;

// PostgreSQL cuts names at NAMEDATALEN - 1 bytes; a longer one would silently name another.
constexpr int maxNameBytes = 63;

QString nameProblem(const QString &name, const QString &what)
{
    if (name.trimmed().isEmpty())
        return SchemaEdit::tr("%1: a name is needed").arg(what);
    if (name.toUtf8().size() > maxNameBytes)
        return SchemaEdit::tr("%1: \"%2\" is longer than PostgreSQL's 63 bytes").arg(what, name);
    return {};
}

QString quotedList(const QStringList &names)
{
    QStringList quoted;
    for (const QString &name : names)
        quoted << quoteIdent(name);
    return quoted.join(QLatin1String(", "));
}

// The user's SQL as the writer compares it: "integer " and "integer" are one type.
ColumnDef trimmed(ColumnDef column)
{
    column.name = column.name.trimmed();
    column.type = column.type.trimmed();
    column.defaultExpr = column.defaultExpr.trimmed();
    return column;
}

QString columnProblem(const ColumnDef &column)
{
    if (const QString p = nameProblem(column.name, SchemaEdit::tr("column")); !p.isEmpty())
        return p;
    if (column.type.trimmed().isEmpty())
        return SchemaEdit::tr("column %1: a type is needed").arg(column.name);
    return {};
}

// PostgreSQL's way of naming what it is not given a name for: table_columns_suffix, cut so
// the whole fits 63 bytes.
QString generatedName(const QStringList &parts, const QString &suffix)
{
    const QString base = parts.join(u'_');
    return QString::fromUtf8(base.toUtf8().left(maxNameBytes - int(suffix.size()) - 1)) + u'_' +
           suffix;
}

QString kindProblem(const SchemaEdit &c)
{
    using Kind = SchemaEdit::Kind;
    switch (c.kind) {
    case Kind::CreateTable: {
        if (c.columns.isEmpty())
            return SchemaEdit::tr("a table needs at least one column");
        QStringList seen;
        for (const ColumnDef &column : c.columns) {
            if (const QString p = columnProblem(column); !p.isEmpty())
                return p;
            if (seen.contains(column.name))
                return SchemaEdit::tr("column %1 is listed twice").arg(column.name);
            seen << column.name;
        }
        for (const QString &key : c.primaryKey) {
            if (!seen.contains(key))
                return SchemaEdit::tr("the primary key's column %1 is not in the table").arg(key);
        }
        return {};
    }
    case Kind::AddColumn:
        return c.columns.size() == 1 ? columnProblem(c.columns.first())
                                     : SchemaEdit::tr("add one column at a time");
    case Kind::AlterColumn:
        if (c.columns.size() != 1 || c.columns.first().type.trimmed().isEmpty())
            return SchemaEdit::tr("column %1: a type is needed").arg(c.column);
        return c.previous.sameShape(trimmed(c.columns.first()))
                   ? SchemaEdit::tr("nothing is changed")
                   : QString();
    case Kind::DropColumn:
        return nameProblem(c.column, SchemaEdit::tr("column"));
    case Kind::AddIndex:
    case Kind::AddForeignKey:
        if (c.keyColumns.isEmpty())
            return SchemaEdit::tr("choose at least one column");
        if (c.kind == Kind::AddForeignKey) {
            if (const QString p = nameProblem(c.refTable, SchemaEdit::tr("referenced table"));
                !p.isEmpty())
                return p;
            if (c.refColumns.size() != c.keyColumns.size())
                return SchemaEdit::tr(
                           "a foreign key needs as many referenced columns as columns (%1)")
                    .arg(c.keyColumns.size());
        }
        return nameProblem(c.effectiveConstraintName(), SchemaEdit::tr("name"));
    case Kind::AddCheck:
        if (c.expression.trimmed().isEmpty())
            return SchemaEdit::tr("a check needs a condition");
        return nameProblem(c.effectiveConstraintName(), SchemaEdit::tr("name"));
    case Kind::RenameTable:
    case Kind::RenameColumn:
        if (c.kind == Kind::RenameColumn && c.column.isEmpty())
            return SchemaEdit::tr("choose the column to rename");
        if (const QString p = nameProblem(c.newName, SchemaEdit::tr("new name")); !p.isEmpty())
            return p;
        return c.newName == (c.kind == Kind::RenameTable ? c.table : c.column)
                   ? SchemaEdit::tr("the new name is the old one")
                   : QString();
    case Kind::AddEnumLabel: // SchemaEdit::problem asks enumLabelProblem
        return {};
    }
    return {};
}

// The definitions in the form PostgreSQL prints them (pg_get_indexdef, pg_get_constraintdef),
// which is the form the writer turns into statements.
QString indexDefinition(const SchemaEdit &e)
{
    return QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
        .arg(e.unique ? QStringLiteral("UNIQUE ") : QString(),
             quoteIdent(e.effectiveConstraintName()), quoteQualified(e.schema, e.table),
             quotedList(e.keyColumns));
}

QString foreignKeyDefinition(const SchemaEdit &e)
{
    QString sql = QStringLiteral("FOREIGN KEY (%1) REFERENCES %2 (%3)")
                      .arg(quotedList(e.keyColumns), quoteQualified(e.refSchema, e.refTable),
                           quotedList(e.refColumns));
    if (!e.onDelete.isEmpty() && e.onDelete != QLatin1String("NO ACTION"))
        sql += QStringLiteral(" ON DELETE ") + e.onDelete;
    return sql;
}

QList<ColumnDef> trimmedColumns(const QList<ColumnDef> &columns)
{
    QList<ColumnDef> out;
    for (const ColumnDef &column : columns)
        out << trimmed(column);
    return out;
}

// Labels are names to PostgreSQL: at most 63 bytes, unique within the type.
QString enumLabelProblem(const SchemaEdit &e)
{
    if (e.newName.isEmpty())
        return SchemaEdit::tr("a label is needed");
    if (e.newName.toUtf8().size() > maxNameBytes)
        return SchemaEdit::tr("label \"%1\" is longer than PostgreSQL's 63 bytes").arg(e.newName);
    if (e.enumType.labels.contains(e.newName))
        return SchemaEdit::tr("%1 already has the label %2").arg(e.enumType.name, e.newName);
    if (!e.afterLabel.isEmpty() && !e.enumType.labels.contains(e.afterLabel))
        return SchemaEdit::tr("%1 has no label %2").arg(e.enumType.name, e.afterLabel);
    return {};
}

std::pair<SchemaModel, SchemaModel> enumLabelStates(const SchemaEdit &e)
{
    SchemaModel before;
    before.enums << e.enumType;
    before.tables = e.enumColumns;
    SchemaModel after = before;
    QStringList &labels = after.enums.first().labels;
    labels.insert(e.afterLabel.isEmpty() ? 0 : labels.indexOf(e.afterLabel) + 1, e.newName);
    return {before, after};
}

} // namespace

QString SchemaEdit::effectiveConstraintName() const
{
    if (!constraintName.trimmed().isEmpty())
        return constraintName.trimmed();
    switch (kind) {
    case Kind::AddIndex:
        return generatedName({table, keyColumns.join(u'_')},
                             unique ? QStringLiteral("key") : QStringLiteral("idx"));
    case Kind::AddForeignKey:
        return generatedName({table, keyColumns.join(u'_')}, QStringLiteral("fkey"));
    case Kind::CreateTable:
        return generatedName({table}, QStringLiteral("pkey"));
    default:
        return generatedName({table}, QStringLiteral("check"));
    }
}

QString SchemaEdit::problem() const
{
    if (kind == Kind::AddEnumLabel)
        return enumLabelProblem(*this);
    if (const QString p = nameProblem(table, SchemaEdit::tr("table")); !p.isEmpty())
        return p;
    return kindProblem(*this);
}

std::pair<SchemaModel, SchemaModel> SchemaEdit::states() const
{
    if (kind == Kind::AddEnumLabel)
        return enumLabelStates(*this);
    TableDef was{schema, table, {}, {}, {}, {}};
    TableDef now = was;
    switch (kind) {
    case Kind::CreateTable: // nothing before
        now.columns = trimmedColumns(columns);
        if (!primaryKey.isEmpty())
            now.constraints << ConstraintDef{
                effectiveConstraintName(), 'p',
                QStringLiteral("PRIMARY KEY (%1)").arg(quotedList(primaryKey))};
        break;
    case Kind::AddColumn:
        now.columns = trimmedColumns(columns);
        break;
    case Kind::AlterColumn:
        was.columns = {previous};
        now.columns = {trimmed(columns.first())};
        now.columns.first().name = previous.name;
        break;
    case Kind::DropColumn:
        was.columns = {previous};
        break;
    case Kind::AddIndex:
        now.indexes << NamedDef{effectiveConstraintName(), indexDefinition(*this)};
        break;
    case Kind::AddForeignKey:
        now.constraints << ConstraintDef{effectiveConstraintName(), 'f',
                                         foreignKeyDefinition(*this)};
        break;
    case Kind::AddCheck:
        now.constraints << ConstraintDef{effectiveConstraintName(), 'c',
                                         QStringLiteral("CHECK (%1)").arg(expression.trimmed())};
        break;
    case Kind::RenameTable: // one table dropped and one of its shape added: the writer's rename
        now.name = newName.trimmed();
        break;
    case Kind::AddEnumLabel: // returned above
        break;
    case Kind::RenameColumn:
        was.columns = {ColumnDef{column, {}, false, {}, {}, {}, {}, {}}};
        now.columns = {ColumnDef{newName.trimmed(), {}, false, {}, {}, {}, {}, {}}};
        break;
    }
    SchemaModel before;
    SchemaModel after;
    if (kind != Kind::CreateTable)
        before.tables << was;
    after.tables << now;
    return {before, after};
}

SchemaChange SchemaEdit::upgrade() const
{
    if (!problem().isEmpty())
        return {};
    const auto [before, after] = states();
    DiffOptions options;
    options.renames = true; // a rename is the only drop + add of one shape an edit describes
    return SchemaDiff::change(before, after, options);
}

SchemaChange SchemaEdit::downgrade() const
{
    if (!problem().isEmpty())
        return {};
    const auto [before, after] = states();
    DiffOptions options;
    options.renames = true;
    return SchemaDiff::change(after, before, options);
}

QString SchemaEdit::summary() const
{
    const QString first = columns.isEmpty() ? QString() : columns.first().name;
    switch (kind) {
    case Kind::CreateTable:
        return SchemaEdit::tr("create table %1").arg(table);
    case Kind::AddColumn:
        return SchemaEdit::tr("add column %1.%2").arg(table, first);
    case Kind::AlterColumn:
        return SchemaEdit::tr("alter column %1.%2").arg(table, column);
    case Kind::DropColumn:
        return SchemaEdit::tr("drop column %1.%2").arg(table, column);
    case Kind::AddIndex:
        return SchemaEdit::tr("add index %1").arg(effectiveConstraintName());
    case Kind::AddForeignKey:
        return SchemaEdit::tr("add foreign key %1").arg(effectiveConstraintName());
    case Kind::AddCheck:
        return SchemaEdit::tr("add check %1").arg(effectiveConstraintName());
    case Kind::RenameTable:
        return SchemaEdit::tr("rename table %1 to %2").arg(table, newName);
    case Kind::RenameColumn:
        return SchemaEdit::tr("rename column %1.%2 to %3").arg(table, column, newName);
    case Kind::AddEnumLabel:
        return SchemaEdit::tr("add label %1 to %2").arg(newName, enumType.name);
    }
    return {};
}

ColumnDef columnDefOf(const model::ColumnInfo &info)
{
    ColumnDef column;
    column.name = info.name;
    column.type = info.type;
    column.notNull = info.notNull;
    column.defaultExpr = info.defaultExpr;
    column.enumSchema = info.dataType.enumSchema;
    column.enumName = info.dataType.enumName;
    return column;
}

QString scriptOf(const SchemaChange &change)
{
    QString text;
    for (const QString &statement : change.statements)
        text += statement + u'\n';
    return text;
}

model::Ticket runSchemaEdit(model::Database &database, const SchemaEdit &edit, QObject *context,
                            std::function<void(model::Ticket, const model::Status &)> done)
{
    QList<model::Statement> statements{model::Statement(QStringLiteral("BEGIN"))};
    for (const QString &sql : edit.upgrade().statements)
        statements << model::Statement(sql);
    statements << model::Statement(QStringLiteral("COMMIT"));
    const QString problem = edit.problem();
    std::function<model::Result<bool>(QSqlDatabase &, const model::JobContext &)> job =
        [statements, problem](QSqlDatabase &db, const model::JobContext &) -> model::Result<bool> {
        if (!problem.isEmpty())
            return model::DbError::plain(problem);
        if (const model::Status status = model::execAll(db, statements); !status) {
            // DDL is transactional in PostgreSQL: after a failure nothing of it stays.
            model::exec(db, model::Statement(QStringLiteral("ROLLBACK")));
            return status.error();
        }
        return true;
    };
    return database.run<bool>(
        std::move(job), context,
        [done = std::move(done)](model::Ticket ticket, const model::Result<bool> &result) {
            done(ticket, result ? model::Status() : model::Status(result.error()));
        });
}

} // namespace dbx::migrations
