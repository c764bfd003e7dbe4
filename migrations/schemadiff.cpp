#include "migrations/schemadiff.h"

#include "migrations/schemasql.h"

#include <QCoreApplication>
#include <QMap>

namespace dbx::migrations {

namespace {

struct Fact {
    QString kind;
    QString name;
    QString text;
    bool expressible = true;
};

using Facts = QMap<QString, Fact>;

void add(Facts &facts, const QString &kind, const QString &name, const QString &text,
         bool expressible = true)
{
    facts.insert(kind + QLatin1Char(' ') + name, Fact{kind, name, text, expressible});
}

QString columnText(const ColumnDef &c)
{
    QStringList parts{c.type};
    parts << (c.notNull ? QStringLiteral("NOT NULL") : QStringLiteral("NULL"));
    if (!c.defaultExpr.isEmpty())
        parts << QStringLiteral("DEFAULT ") + c.defaultExpr;
    if (!c.identity.isEmpty())
        parts << QStringLiteral("GENERATED %1 AS IDENTITY").arg(c.identity.toUpper());
    if (!c.generatedExpr.isEmpty())
        parts << QStringLiteral("GENERATED ALWAYS AS (%1) STORED").arg(c.generatedExpr);
    return parts.join(QLatin1Char(' '));
}

void addTable(Facts &facts, const TableDef &t)
{
    const QString table = displayName(t.schema, t.name);
    add(facts, QStringLiteral("table"), table, {});
    for (const ColumnDef &c : t.columns)
        add(facts, QStringLiteral("column"), table + QLatin1Char('.') + c.name, columnText(c));
    for (const ConstraintDef &c : t.constraints)
        add(facts, QStringLiteral("constraint"), table + QLatin1Char('.') + c.name, c.definition);
    for (const NamedDef &i : t.indexes)
        add(facts, QStringLiteral("index"), table + QLatin1Char('.') + i.name, i.definition);
    for (const NamedDef &tr : t.triggers)
        add(facts, QStringLiteral("trigger"), table + QLatin1Char('.') + tr.name, tr.definition);
}

Facts facts(const SchemaModel &schema)
{
    Facts facts;
    for (const QString &name : schema.schemas)
        add(facts, QStringLiteral("schema"), name, {});
    for (const EnumDef &e : schema.enums)
        add(facts, QStringLiteral("enum"), displayName(e.schema, e.name),
            e.labels.join(QLatin1String(", ")));
    for (const SequenceDef &s : schema.sequences) {
        QString text = s.options;
        if (!s.ownedByTable.isEmpty())
            text += QStringLiteral(" OWNED BY %1.%2").arg(s.ownedByTable, s.ownedByColumn);
        add(facts, QStringLiteral("sequence"), displayName(s.schema, s.name), text);
    }
    for (const FunctionDef &f : schema.functions)
        add(facts, QStringLiteral("function"),
            displayName(f.schema, f.name) + QStringLiteral("(%1)").arg(f.identityArguments),
            f.definition);
    for (const TableDef &t : schema.tables)
        addTable(facts, t);
    for (const ViewDef &v : schema.views)
        add(facts, v.materialized ? QStringLiteral("materialized view") : QStringLiteral("view"),
            displayName(v.schema, v.name), v.definition);
    for (const OtherObject &o : schema.others)
        add(facts, o.kind, o.name, o.definition, false);
    return facts;
}

// The kinds as people read them; the keys are what the facts are filed under.
QString kindLabel(const QString &kind)
{
    static const char *const kinds[] = {
        QT_TRANSLATE_NOOP("SchemaDiff", "schema"),
        QT_TRANSLATE_NOOP("SchemaDiff", "enum"),
        QT_TRANSLATE_NOOP("SchemaDiff", "sequence"),
        QT_TRANSLATE_NOOP("SchemaDiff", "function"),
        QT_TRANSLATE_NOOP("SchemaDiff", "table"),
        QT_TRANSLATE_NOOP("SchemaDiff", "column"),
        QT_TRANSLATE_NOOP("SchemaDiff", "constraint"),
        QT_TRANSLATE_NOOP("SchemaDiff", "index"),
        QT_TRANSLATE_NOOP("SchemaDiff", "trigger"),
        QT_TRANSLATE_NOOP("SchemaDiff", "view"),
        QT_TRANSLATE_NOOP("SchemaDiff", "materialized view"),
        QT_TRANSLATE_NOOP("SchemaDiff", "extension"),
        QT_TRANSLATE_NOOP("SchemaDiff", "domain"),
        QT_TRANSLATE_NOOP("SchemaDiff", "type"),
        QT_TRANSLATE_NOOP("SchemaDiff", "comment"),
        QT_TRANSLATE_NOOP("SchemaDiff", "policy"),
        QT_TRANSLATE_NOOP("SchemaDiff", "foreign table"),
        QT_TRANSLATE_NOOP("SchemaDiff", "partitioning"),
    };
    for (const char *known : kinds) {
        if (kind == QLatin1String(known))
            return QCoreApplication::translate("SchemaDiff", known);
    }
    return kind;
}

} // namespace

QString SchemaDifference::describe(const QString &targetName, const QString &sourceName) const
{
    switch (side) {
    case Side::OnlyInTarget:
        return QCoreApplication::translate("SchemaDiff", "%1 %2: in %3, not in %4")
            .arg(kindLabel(kind), name, targetName, sourceName);
    case Side::OnlyInSource:
        return QCoreApplication::translate("SchemaDiff", "%1 %2: in %3, not in %4")
            .arg(kindLabel(kind), name, sourceName, targetName);
    case Side::Changed:
        break;
    }
    return QCoreApplication::translate("SchemaDiff", "%1 %2: %3 in %4, %5 in %6")
        .arg(kindLabel(kind), name, targetText, targetName, sourceText, sourceName);
}

QList<SchemaDifference> SchemaDiff::differences(const SchemaModel &source,
                                                const SchemaModel &target)
{
    const Facts before = facts(source);
    const Facts after = facts(target);
    QList<SchemaDifference> out;
    for (auto it = after.cbegin(); it != after.cend(); ++it) {
        const auto was = before.constFind(it.key());
        if (was == before.cend())
            out << SchemaDifference{it->kind, it->name, SchemaDifference::Side::OnlyInTarget,
                                    {},       it->text, it->expressible};
        else if (was->text != it->text)
            out << SchemaDifference{it->kind,  it->name, SchemaDifference::Side::Changed,
                                    was->text, it->text, it->expressible};
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        if (!after.contains(it.key()))
            out << SchemaDifference{it->kind, it->name, SchemaDifference::Side::OnlyInSource,
                                    it->text, {},       it->expressible};
    }
    std::sort(out.begin(), out.end(), [](const SchemaDifference &a, const SchemaDifference &b) {
        return std::pair(a.kind, a.name) < std::pair(b.kind, b.name);
    });
    return out;
}

QList<SchemaDifference> SchemaDiff::expressibleDifferences(const SchemaModel &source,
                                                           const SchemaModel &target)
{
    QList<SchemaDifference> out = differences(source, target);
    out.removeIf([](const SchemaDifference &d) { return !d.expressible; });
    return out;
}

SchemaChange SchemaDiff::change(const SchemaModel &source, const SchemaModel &target,
                                const DiffOptions &options)
{
    SchemaChange change = SchemaSqlWriter(source, target, options).write();
    for (const SchemaDifference &d : differences(source, target)) {
        if (!d.expressible)
            change.notExpressed << d.describe(options.targetName, options.sourceName);
    }
    return change;
}

} // namespace dbx::migrations
