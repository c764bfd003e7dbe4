#include "migrations/schemasql.h"

#include "model/catalog/columntype.h"
#include "model/db/pgvalue.h"
#include "model/sqlident.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace dbx::migrations {

namespace {

using model::quoteIdent;
using model::quoteQualified;

QString tableName(const TableDef &t)
{
    return quoteQualified(t.schema, t.name);
}

QString label(const TableDef &t, const QString &part = {})
{
    const QString table = displayName(t.schema, t.name);
    return part.isEmpty() ? table : table + QLatin1Char('.') + part;
}

template <typename T> const T *byName(const QList<T> &list, const QString &name)
{
    for (const T &item : list) {
        if (item.name == name)
            return &item;
    }
    return nullptr;
}

template <typename T> const T *sameObject(const QList<T> &list, const T &other)
{
    for (const T &item : list) {
        if (item.schema == other.schema && item.name == other.name)
            return &item;
    }
    return nullptr;
}

bool sameColumns(const TableDef &a, const TableDef &b)
{
    if (a.columns.size() != b.columns.size())
        return false;
    for (qsizetype i = 0; i < a.columns.size(); ++i) {
        if (!(a.columns.at(i) == b.columns.at(i)))
            return false;
    }
    return true;
}

QString literalList(const QStringList &labels)
{
    QStringList quoted;
    for (const QString &l : labels)
        quoted << model::quotedLiteral(l);
    return quoted.join(QLatin1String(", "));
}

QString withoutSemicolon(QString sql)
{
    sql = sql.trimmed();
    while (sql.endsWith(QLatin1Char(';')))
        sql.chop(1);
    return sql;
}

} // namespace

SchemaSqlWriter::SchemaSqlWriter(SchemaModel source, const SchemaModel &target,
                                 const DiffOptions &options)
    : m_source(std::move(source))
    , m_target(target)
    , m_options(options)
{}

void SchemaSqlWriter::put(Phase phase, const QString &statement)
{
    m_phases[phase] << statement + QLatin1Char(';');
}

SchemaChange SchemaSqlWriter::write()
{
    findRenames();
    findChangedKeys();
    writeSchemas();
    writeEnums();
    writeSequences();
    writeFunctions();
    writeTables();
    writeViews();
    for (const QStringList &phase : m_phases)
        m_change.statements << phase;
    return m_change;
}

void SchemaSqlWriter::findRenames()
{
    renameTables(m_options.renames);
    renameColumns(m_options.renames);
}

void SchemaSqlWriter::renameTables(bool apply)
{
    QStringList taken;
    for (TableDef &from : m_source.tables) {
        if (m_target.table(from.schema, from.name))
            continue;
        for (const TableDef &to : m_target.tables) {
            if (to.schema != from.schema || m_source.table(to.schema, to.name) ||
                taken.contains(to.name) || !sameColumns(from, to))
                continue;
            taken << to.name;
            if (!apply) {
                m_change.renameCandidates
                    << QCoreApplication::translate(
                           "SchemaSqlWriter", "table %1 dropped and %2 added have the same columns")
                           .arg(label(from), label(to));
                break;
            }
            put(Renames, QStringLiteral("ALTER TABLE %1 RENAME TO %2")
                             .arg(tableName(from), quoteIdent(to.name)));
            for (SequenceDef &s : m_source.sequences) {
                if (s.schema == from.schema && s.ownedByTable == from.name)
                    s.ownedByTable = to.name;
            }
            from.name = to.name;
            m_rebuildViews = true;
            break;
        }
    }
}

void SchemaSqlWriter::renameColumns(bool apply)
{
    for (TableDef &from : m_source.tables) {
        const TableDef *to = m_target.table(from.schema, from.name);
        if (!to)
            continue;
        QStringList taken;
        for (ColumnDef &column : from.columns) {
            if (to->column(column.name))
                continue;
            for (const ColumnDef &added : to->columns) {
                if (from.column(added.name) || taken.contains(added.name) ||
                    !column.sameShape(added))
                    continue;
                taken << added.name;
                if (!apply) {
                    m_change.renameCandidates
                        << QCoreApplication::translate(
                               "SchemaSqlWriter",
                               "column %1 dropped and %2 added have the same type")
                               .arg(label(from, column.name), label(from, added.name));
                    break;
                }
                put(Renames,
                    QStringLiteral("ALTER TABLE %1 RENAME COLUMN %2 TO %3")
                        .arg(tableName(from), quoteIdent(column.name), quoteIdent(added.name)));
                for (SequenceDef &s : m_source.sequences) {
                    if (s.schema == from.schema && s.ownedByTable == from.name &&
                        s.ownedByColumn == column.name)
                        s.ownedByColumn = added.name;
                }
                column.name = added.name;
                m_rebuildViews = true;
                break;
            }
        }
    }
}

// A primary or unique key that is dropped or replaced takes the foreign keys that reference its
// table with it, so those are dropped before and added again after.
void SchemaSqlWriter::findChangedKeys()
{
    for (const TableDef &from : m_source.tables) {
        const TableDef *to = m_target.table(from.schema, from.name);
        if (!to)
            continue;
        for (const ConstraintDef &c : from.constraints) {
            if (c.type != 'p' && c.type != 'u')
                continue;
            const ConstraintDef *now = byName(to->constraints, c.name);
            if (!now || !(*now == c))
                m_changedKeyTables << from.name;
        }
    }
}

bool SchemaSqlWriter::referencesChangedKey(const ConstraintDef &foreignKey) const
{
    if (foreignKey.type != 'f')
        return false;
    static const QRegularExpression reference(QStringLiteral("REFERENCES ([^(]+)\\("));
    const QString target = reference.match(foreignKey.definition).captured(1);
    const QString name = target.section(QLatin1Char('.'), -1).remove(QLatin1Char('"'));
    return m_changedKeyTables.contains(name);
}

void SchemaSqlWriter::writeSchemas()
{
    for (const QString &name : m_target.schemas) {
        if (!m_source.schemas.contains(name))
            put(CreateSchemas, QStringLiteral("CREATE SCHEMA %1").arg(quoteIdent(name)));
    }
    for (const QString &name : m_source.schemas) {
        if (!m_target.schemas.contains(name))
            put(DropSchemas, QStringLiteral("DROP SCHEMA %1").arg(quoteIdent(name)));
    }
}

void SchemaSqlWriter::writeEnums()
{
    for (const EnumDef &to : m_target.enums) {
        const EnumDef *from = sameObject(m_source.enums, to);
        if (!from)
            put(Enums, QStringLiteral("CREATE TYPE %1 AS ENUM (%2)")
                           .arg(quoteQualified(to.schema, to.name), literalList(to.labels)));
        else if (from->labels != to.labels)
            writeEnum(*from, to);
    }
    for (const EnumDef &from : m_source.enums) {
        if (!sameObject(m_target.enums, from))
            put(DropEnums,
                QStringLiteral("DROP TYPE %1").arg(quoteQualified(from.schema, from.name)));
    }
}

// Labels only added, in their order, become ADD VALUE; anything else (a label removed or
// moved, or a new label used by the same revision, which PostgreSQL refuses before COMMIT)
// recreates the type.
void SchemaSqlWriter::writeEnum(const EnumDef &from, const EnumDef &to)
{
    QStringList kept = to.labels;
    kept.removeIf([&](const QString &l) { return !from.labels.contains(l); });
    bool onlyAdded = kept == from.labels && !from.labels.isEmpty();
    for (const QString &l : to.labels) {
        if (!from.labels.contains(l) && labelUsed(l))
            onlyAdded = false;
    }
    if (!onlyAdded) {
        recreateEnum(from, to);
        return;
    }
    const QString type = quoteQualified(to.schema, to.name);
    for (qsizetype i = 0; i < to.labels.size(); ++i) {
        if (from.labels.contains(to.labels.at(i)))
            continue;
        const QString place =
            i > 0 ? QStringLiteral(" AFTER %1").arg(model::quotedLiteral(to.labels.at(i - 1)))
                  : QStringLiteral(" BEFORE %1").arg(model::quotedLiteral(to.labels.at(1)));
        put(Enums, QStringLiteral("ALTER TYPE %1 ADD VALUE %2%3")
                       .arg(type, model::quotedLiteral(to.labels.at(i)), place));
    }
}

void SchemaSqlWriter::recreateEnum(const EnumDef &from, const EnumDef &to)
{
    const QString type = quoteQualified(to.schema, to.name);
    const QString oldName = to.name + QStringLiteral("_dbx_old");
    put(Enums, QStringLiteral("ALTER TYPE %1 RENAME TO %2").arg(type, quoteIdent(oldName)));
    put(Enums, QStringLiteral("CREATE TYPE %1 AS ENUM (%2)").arg(type, literalList(to.labels)));
    for (const TableDef &table : m_source.tables) {
        const TableDef *now = m_target.table(table.schema, table.name);
        for (const ColumnDef &c : table.columns) {
            if (c.enumSchema != from.schema || c.enumName != from.name || !now ||
                !now->column(c.name))
                continue;
            const QString alter = QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 ")
                                      .arg(tableName(table), quoteIdent(c.name));
            if (!c.defaultExpr.isEmpty())
                put(Enums, alter + QStringLiteral("DROP DEFAULT"));
            put(Enums,
                alter + QStringLiteral("TYPE %1 USING %2::text::%1").arg(type, quoteIdent(c.name)));
            const ColumnDef *wanted = now->column(c.name);
            if (!wanted->defaultExpr.isEmpty() && wanted->enumName == to.name)
                put(Enums, alter + QStringLiteral("SET DEFAULT %1").arg(wanted->defaultExpr));
        }
    }
    put(Enums, QStringLiteral("DROP TYPE %1").arg(quoteQualified(to.schema, oldName)));
    QStringList removed = from.labels;
    removed.removeIf([&](const QString &l) { return to.labels.contains(l); });
    if (!removed.isEmpty())
        m_change.warnings << QCoreApplication::translate(
                                 "SchemaSqlWriter",
                                 "enum %1 loses %2: rows holding them make the change fail")
                                 .arg(displayName(to.schema, to.name), literalList(removed));
    m_rebuildViews = true;
}

bool SchemaSqlWriter::labelUsed(const QString &label) const
{
    const QString literal = model::quotedLiteral(label);
    for (const TableDef &t : m_target.tables) {
        for (const ColumnDef &c : t.columns) {
            if (c.defaultExpr.contains(literal) || c.generatedExpr.contains(literal))
                return true;
        }
        for (const ConstraintDef &c : t.constraints) {
            if (c.definition.contains(literal))
                return true;
        }
        for (const QList<NamedDef> *defs : {&t.indexes, &t.triggers}) {
            for (const NamedDef &d : *defs) {
                if (d.definition.contains(literal))
                    return true;
            }
        }
    }
    for (const ViewDef &v : m_target.views) {
        if (v.definition.contains(literal))
            return true;
    }
    for (const FunctionDef &f : m_target.functions) {
        if (f.definition.contains(literal))
            return true;
    }
    return false;
}

void SchemaSqlWriter::writeSequences()
{
    for (const SequenceDef &to : m_target.sequences) {
        const QString name = quoteQualified(to.schema, to.name);
        const SequenceDef *from = sameObject(m_source.sequences, to);
        if (!from)
            put(CreateSequences, QStringLiteral("CREATE SEQUENCE %1 %2").arg(name, to.options));
        else if (from->options != to.options)
            put(CreateSequences, QStringLiteral("ALTER SEQUENCE %1 %2").arg(name, to.options));
        const bool sameOwner = from && from->ownedByTable == to.ownedByTable &&
                               from->ownedByColumn == to.ownedByColumn;
        if (sameOwner || (!from && to.ownedByTable.isEmpty()))
            continue;
        put(OwnSequences, to.ownedByTable.isEmpty()
                              ? QStringLiteral("ALTER SEQUENCE %1 OWNED BY NONE").arg(name)
                              : QStringLiteral("ALTER SEQUENCE %1 OWNED BY %2.%3")
                                    .arg(name, quoteQualified(to.schema, to.ownedByTable),
                                         quoteIdent(to.ownedByColumn)));
    }
    for (const SequenceDef &from : m_source.sequences) {
        if (sameObject(m_target.sequences, from))
            continue;
        // A sequence owned by a column that goes is dropped with it.
        const TableDef *owner = m_target.table(from.schema, from.ownedByTable);
        if (!from.ownedByTable.isEmpty() && (!owner || !owner->column(from.ownedByColumn)))
            continue;
        put(DropSequences,
            QStringLiteral("DROP SEQUENCE %1").arg(quoteQualified(from.schema, from.name)));
    }
}

void SchemaSqlWriter::writeFunctions()
{
    for (const FunctionDef &to : m_target.functions) {
        const FunctionDef *from = nullptr;
        for (const FunctionDef &f : m_source.functions) {
            if (f.schema == to.schema && f.name == to.name &&
                f.identityArguments == to.identityArguments)
                from = &f;
        }
        if (from && from->definition == to.definition)
            continue;
        // A SQL function may read tables this revision creates further down.
        if (m_phases[CreateFunctions].isEmpty())
            put(CreateFunctions, QStringLiteral("SET LOCAL check_function_bodies = off"));
        put(CreateFunctions, withoutSemicolon(to.definition));
    }
    for (const FunctionDef &from : m_source.functions) {
        bool kept = false;
        for (const FunctionDef &f : m_target.functions)
            kept = kept || (f.schema == from.schema && f.name == from.name &&
                            f.identityArguments == from.identityArguments);
        if (!kept)
            put(DropFunctions,
                QStringLiteral("DROP ROUTINE %1(%2)")
                    .arg(quoteQualified(from.schema, from.name), from.identityArguments));
    }
}

QString SchemaSqlWriter::columnSql(const ColumnDef &c) const
{
    QString sql = quoteIdent(c.name) + QLatin1Char(' ') + c.type;
    if (!c.identity.isEmpty())
        sql += QStringLiteral(" GENERATED %1 AS IDENTITY").arg(c.identity.toUpper());
    if (!c.generatedExpr.isEmpty())
        sql += QStringLiteral(" GENERATED ALWAYS AS (%1) STORED").arg(c.generatedExpr);
    if (!c.defaultExpr.isEmpty())
        sql += QStringLiteral(" DEFAULT ") + c.defaultExpr;
    if (c.notNull)
        sql += QStringLiteral(" NOT NULL");
    return sql;
}

void SchemaSqlWriter::writeTables()
{
    for (const TableDef &from : m_source.tables) {
        const TableDef *to = m_target.table(from.schema, from.name);
        if (!to) {
            put(DropTables, QStringLiteral("DROP TABLE %1").arg(tableName(from)));
            // Its foreign keys go first: the table they reference may be dropped before it.
            for (const ConstraintDef &c : from.constraints) {
                if (c.type == 'f')
                    put(DropForeignKeys, QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2")
                                             .arg(tableName(from), quoteIdent(c.name)));
            }
            m_change.warnings << QCoreApplication::translate(
                                     "SchemaSqlWriter", "table %1 is dropped: its rows are lost")
                                     .arg(label(from));
            continue;
        }
        writeColumns(from, *to);
        dropTableParts(from, to);
        writeTableParts(&from, *to);
    }
    for (const TableDef &to : m_target.tables) {
        if (m_source.table(to.schema, to.name))
            continue;
        QStringList columns;
        for (const ColumnDef &c : to.columns)
            columns << QStringLiteral("    ") + columnSql(c);
        put(CreateTables, QStringLiteral("CREATE TABLE %1 (\n%2\n)")
                              .arg(tableName(to), columns.join(QLatin1String(",\n"))));
        writeTableParts(nullptr, to);
    }
}

void SchemaSqlWriter::writeColumns(const TableDef &from, const TableDef &to)
{
    const QString table = tableName(from);
    for (const ColumnDef &c : from.columns) {
        const ColumnDef *now = to.column(c.name);
        if (now && now->generatedExpr == c.generatedExpr) {
            if (!(*now == c))
                alterColumn(from, c, *now);
            continue;
        }
        put(DropColumns,
            QStringLiteral("ALTER TABLE %1 DROP COLUMN %2").arg(table, quoteIdent(c.name)));
        if (!now)
            m_change.warnings << QCoreApplication::translate(
                                     "SchemaSqlWriter", "column %1 is dropped: its values are lost")
                                     .arg(label(from, c.name));
    }
    for (const ColumnDef &c : to.columns) {
        const ColumnDef *was = from.column(c.name);
        if (was && was->generatedExpr == c.generatedExpr)
            continue;
        put(CreateTables, QStringLiteral("ALTER TABLE %1 ADD COLUMN %2").arg(table, columnSql(c)));
        if (c.notNull && c.defaultExpr.isEmpty() && c.identity.isEmpty() &&
            c.generatedExpr.isEmpty())
            m_change.warnings
                << QCoreApplication::translate(
                       "SchemaSqlWriter",
                       "column %1 is NOT NULL without a default: adding it fails on a "
                       "table with rows")
                       .arg(label(from, c.name));
    }
}

// Identity is dropped first and added last: an identity column must be NOT NULL.
void SchemaSqlWriter::alterColumn(const TableDef &table, const ColumnDef &from, const ColumnDef &to)
{
    const QString alter = QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 ")
                              .arg(tableName(table), quoteIdent(to.name));
    if (!from.identity.isEmpty() && to.identity.isEmpty())
        put(AlterColumns, alter + QStringLiteral("DROP IDENTITY"));
    if (from.type != to.type) {
        if (!from.defaultExpr.isEmpty())
            put(AlterColumns, alter + QStringLiteral("DROP DEFAULT"));
        put(AlterColumns,
            alter + QStringLiteral("TYPE %1 USING %2::%1").arg(to.type, quoteIdent(to.name)));
        if (!to.defaultExpr.isEmpty())
            put(AlterColumns, alter + QStringLiteral("SET DEFAULT %1").arg(to.defaultExpr));
        if (model::narrowsType(from.type, to.type))
            m_change.warnings << QCoreApplication::translate(
                                     "SchemaSqlWriter",
                                     "column %1 changes from %2 to %3: values that do not fit fail "
                                     "the change or are cut")
                                     .arg(label(table, to.name), from.type, to.type);
        m_rebuildViews = true;
    } else if (from.defaultExpr != to.defaultExpr) {
        put(AlterColumns, to.defaultExpr.isEmpty()
                              ? alter + QStringLiteral("DROP DEFAULT")
                              : alter + QStringLiteral("SET DEFAULT %1").arg(to.defaultExpr));
    }
    if (from.notNull != to.notNull)
        put(AlterColumns, alter + (to.notNull ? QStringLiteral("SET NOT NULL")
                                              : QStringLiteral("DROP NOT NULL")));
    if (!to.identity.isEmpty() && from.identity != to.identity)
        put(AlterColumns,
            alter + (from.identity.isEmpty() ? QStringLiteral("ADD GENERATED %1 AS IDENTITY")
                                             : QStringLiteral("SET GENERATED %1"))
                        .arg(to.identity.toUpper()));
}

void SchemaSqlWriter::dropTableParts(const TableDef &from, const TableDef *to)
{
    const QString table = tableName(from);
    for (const ConstraintDef &c : from.constraints) {
        const ConstraintDef *now = byName(to->constraints, c.name);
        if (now && *now == c && !referencesChangedKey(c))
            continue;
        put(c.type == 'f' ? DropForeignKeys : DropConstraints,
            QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %2").arg(table, quoteIdent(c.name)));
    }
    for (const NamedDef &i : from.indexes) {
        const NamedDef *now = byName(to->indexes, i.name);
        if (!now || !(*now == i))
            put(DropConstraints,
                QStringLiteral("DROP INDEX %1").arg(quoteQualified(from.schema, i.name)));
    }
    for (const NamedDef &t : from.triggers) {
        const NamedDef *now = byName(to->triggers, t.name);
        if (!now || !(*now == t))
            put(DropTriggers,
                QStringLiteral("DROP TRIGGER %1 ON %2").arg(quoteIdent(t.name), table));
    }
}

void SchemaSqlWriter::writeTableParts(const TableDef *from, const TableDef &to)
{
    const QString table = tableName(to);
    for (const ConstraintDef &c : to.constraints) {
        const ConstraintDef *was = from ? byName(from->constraints, c.name) : nullptr;
        if (was && *was == c && !referencesChangedKey(c))
            continue;
        put(c.type == 'f' ? AddForeignKeys : AddConstraints,
            QStringLiteral("ALTER TABLE %1 ADD CONSTRAINT %2 %3")
                .arg(table, quoteIdent(c.name), c.definition));
    }
    for (const NamedDef &i : to.indexes) {
        const NamedDef *was = from ? byName(from->indexes, i.name) : nullptr;
        if (!was || !(*was == i))
            put(AddConstraints, i.definition);
    }
    for (const NamedDef &t : to.triggers) {
        const NamedDef *was = from ? byName(from->triggers, t.name) : nullptr;
        if (!was || !(*was == t))
            put(CreateTriggers, t.definition);
    }
}

// A view that changes, goes, or reads a column that changes type is dropped with every other
// view (one may read another) and they are created again in the target's order.
void SchemaSqlWriter::writeViews()
{
    bool rebuild = m_rebuildViews;
    for (const ViewDef &from : m_source.views) {
        const ViewDef *to = sameObject(m_target.views, from);
        rebuild = rebuild || !to || to->definition != from.definition ||
                  to->materialized != from.materialized;
    }
    const auto kindOf = [](const ViewDef &v) {
        return v.materialized ? QStringLiteral("MATERIALIZED VIEW") : QStringLiteral("VIEW");
    };
    if (rebuild) {
        for (auto it = m_source.views.crbegin(); it != m_source.views.crend(); ++it)
            put(DropViews, QStringLiteral("DROP %1 %2")
                               .arg(kindOf(*it), quoteQualified(it->schema, it->name)));
    }
    for (const ViewDef &to : m_target.views) {
        if (!rebuild && sameObject(m_source.views, to))
            continue;
        put(CreateViews, QStringLiteral("CREATE %1 %2 AS\n%3")
                             .arg(kindOf(to), quoteQualified(to.schema, to.name),
                                  withoutSemicolon(to.definition)));
    }
}

} // namespace dbx::migrations
