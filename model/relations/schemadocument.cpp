#include "model/relations/schemadocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dbx::model {

namespace {

QString kindName(TableInfo::Kind kind)
{
    switch (kind) {
    case TableInfo::Kind::Table:
        return QStringLiteral("table");
    case TableInfo::Kind::View:
        return QStringLiteral("view");
    case TableInfo::Kind::MaterializedView:
        return QStringLiteral("materialized view");
    case TableInfo::Kind::ForeignTable:
        return QStringLiteral("foreign table");
    case TableInfo::Kind::PartitionedTable:
        return QStringLiteral("partitioned table");
    }
    return {};
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

// DOT identifiers and labels are double-quoted strings: quotes and backslashes escaped.
QString dotString(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    out.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

// Inside an HTML-like label: the five XML entities.
QString html(const QString &text)
{
    return text.toHtmlEscaped();
}

} // namespace

QByteArray schemaJson(const SchemaSnapshot &snapshot, const RelationshipGraph &graph)
{
    QJsonArray tables;
    for (const SchemaInfo &schema : snapshot.schemas) {
        for (const TableInfo &t : schema.tables) {
            QJsonArray columns;
            for (const ColumnInfo &c : t.columns) {
                QJsonObject column{{QStringLiteral("name"), c.name},
                                   {QStringLiteral("type"), c.type},
                                   {QStringLiteral("nullable"), !c.notNull}};
                if (!c.defaultExpr.isEmpty())
                    column.insert(QStringLiteral("default"), c.defaultExpr);
                if (c.identity)
                    column.insert(QStringLiteral("identity"), true);
                if (c.generated)
                    column.insert(QStringLiteral("generated"), true);
                columns << column;
            }
            QJsonArray keys;
            for (const ForeignKeyInfo &fk : t.foreignKeys) {
                keys << QJsonObject{
                    {QStringLiteral("name"), fk.name},
                    {QStringLiteral("columns"), strings(fk.columns)},
                    {QStringLiteral("references"),
                     QJsonObject{{QStringLiteral("schema"), fk.refSchema},
                                 {QStringLiteral("table"), fk.refTable},
                                 {QStringLiteral("columns"), strings(fk.refColumns)}}},
                    {QStringLiteral("onDelete"), fk.onDelete},
                    {QStringLiteral("onUpdate"), fk.onUpdate}};
            }
            QJsonArray uniques;
            for (const UniqueInfo &u : t.uniques)
                uniques << QJsonObject{{QStringLiteral("name"), u.name},
                                       {QStringLiteral("columns"), strings(u.columns)}};
            QJsonObject table{
                {QStringLiteral("schema"), t.schema},
                {QStringLiteral("name"), t.name},
                {QStringLiteral("kind"), kindName(t.kind)},
                {QStringLiteral("columns"), columns},
                {QStringLiteral("primaryKey"), strings(t.primaryKey)},
                {QStringLiteral("foreignKeys"), keys},
                {QStringLiteral("uniques"), uniques},
                {QStringLiteral("association"), graph.isAssociation(TableRef{t.schema, t.name})}};
            if (t.estimatedRows >= 0)
                table.insert(QStringLiteral("estimatedRows"), double(t.estimatedRows));
            tables << table;
        }
    }
    QJsonArray relationships;
    for (const Relationship &r : graph.relationships()) {
        QJsonObject rel{{QStringLiteral("kind"), r.kindName()},
                        {QStringLiteral("from"), r.from.qualified()},
                        {QStringLiteral("fromColumns"), strings(r.fromColumns)},
                        {QStringLiteral("to"), r.to.qualified()},
                        {QStringLiteral("toColumns"), strings(r.toColumns)},
                        {QStringLiteral("constraint"), r.constraintName},
                        {QStringLiteral("onDelete"), r.onDelete}};
        if (r.kind == Relationship::Kind::ManyToMany) {
            rel.insert(QStringLiteral("via"), r.via.qualified());
            rel.insert(QStringLiteral("viaFromColumns"), strings(r.viaFromColumns));
            rel.insert(QStringLiteral("viaToColumns"), strings(r.viaToColumns));
            rel.insert(QStringLiteral("toConstraint"), r.toConstraintName);
            rel.insert(QStringLiteral("attributes"), strings(r.linkAttributes));
        }
        relationships << rel;
    }
    const QJsonObject root{{QStringLiteral("format"), QStringLiteral("dbexplorer-schema")},
                           {QStringLiteral("version"), 1},
                           {QStringLiteral("database"), snapshot.database},
                           {QStringLiteral("tables"), tables},
                           {QStringLiteral("relationships"), relationships}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString schemaDot(const SchemaSnapshot &snapshot, const RelationshipGraph &graph)
{
    QStringList lines;
    lines << QStringLiteral("digraph schema {")
          << QStringLiteral("  graph [rankdir=LR, fontname=\"DejaVu Sans\"];")
          << QStringLiteral("  node [shape=plain, fontname=\"DejaVu Sans\", fontsize=10];")
          << QStringLiteral("  edge [dir=both, arrowhead=tee, arrowtail=crow, fontsize=9];");
    for (const SchemaInfo &schema : snapshot.schemas) {
        for (const TableInfo &t : schema.tables) {
            const TableRef ref{t.schema, t.name};
            const bool association = graph.isAssociation(ref);
            QString label =
                QStringLiteral("<<table border=\"1\" cellborder=\"0\" "
                               "cellspacing=\"0\" cellpadding=\"3\"%1>")
                    .arg(association ? QStringLiteral(" bgcolor=\"#fff3e0\"") : QString());
            label +=
                QStringLiteral("<tr><td colspan=\"2\" bgcolor=\"#e3f2fd\"><b>%1</b>%2</td></tr>")
                    .arg(html(ref.qualified()),
                         association ? QStringLiteral(" (many-to-many)") : QString());
            for (const ColumnInfo &c : t.columns) {
                QString mark;
                if (t.primaryKey.contains(c.name))
                    mark = QStringLiteral("PK ");
                if (t.isForeignKeyColumn(c.name))
                    mark += QStringLiteral("FK ");
                label += QStringLiteral("<tr><td align=\"left\">%1%2</td><td align=\"left\">"
                                        "<font color=\"#757575\">%3</font></td></tr>")
                             .arg(html(mark), html(c.name), html(c.type));
            }
            label += QStringLiteral("</table>>");
            lines << QStringLiteral("  %1 [label=%2];").arg(dotString(ref.qualified()), label);
        }
    }
    for (const Relationship &r : graph.relationships()) {
        if (!r.owning)
            continue; // each foreign key once, from the side that holds it
        const bool oneToOne = r.kind == Relationship::Kind::OneToOne;
        const bool viaAssociation = graph.isAssociation(r.from);
        lines << QStringLiteral("  %1 -> %2 [label=%3, arrowtail=%4%5];")
                     .arg(dotString(r.from.qualified()), dotString(r.to.qualified()),
                          dotString(r.fromColumns.join(QStringLiteral(", "))),
                          oneToOne ? QStringLiteral("tee") : QStringLiteral("crow"),
                          viaAssociation ? QStringLiteral(", color=\"#e65100\", style=bold")
                                         : QString());
    }
    lines << QStringLiteral("}");
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace dbx::model
