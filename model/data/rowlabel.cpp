#include "model/data/rowlabel.h"

namespace dbx::model {

namespace {

bool isText(const ColumnInfo &c)
{
    return c.dataType.isText();
}

} // namespace

QString labelColumn(const TableInfo &table)
{
    static const QStringList telling = {
        QStringLiteral("username"),  QStringLiteral("name"),  QStringLiteral("title"),
        QStringLiteral("full_name"), QStringLiteral("label"), QStringLiteral("display_name"),
        QStringLiteral("email"),     QStringLiteral("login"), QStringLiteral("code"),
        QStringLiteral("slug"),
    };
    for (const QString &wanted : telling) {
        for (const ColumnInfo &c : table.columns) {
            if (isText(c) && c.name.compare(wanted, Qt::CaseInsensitive) == 0)
                return c.name;
        }
    }
    for (const UniqueInfo &u : table.uniques) {
        if (u.columns.size() == 1) {
            const ColumnInfo *c = table.column(u.columns.first());
            if (c && isText(*c))
                return c->name;
        }
    }
    for (const ColumnInfo &c : table.columns) {
        if (isText(c) && !table.primaryKey.contains(c.name))
            return c.name;
    }
    return {};
}

QList<ForeignLabel> foreignLabels(const TableInfo &table, const SchemaSnapshot &snapshot)
{
    QList<ForeignLabel> out;
    for (const ForeignKeyInfo &fk : table.foreignKeys) {
        if (fk.columns.size() != 1 || fk.refColumns.size() != 1)
            continue;
        const TableInfo *ref = snapshot.table(fk.refSchema, fk.refTable);
        if (!ref)
            continue;
        const QString label = labelColumn(*ref);
        if (label.isEmpty() || label == fk.refColumns.first())
            continue;
        bool seen = false;
        for (const ForeignLabel &l : out)
            seen = seen || l.column == fk.columns.first();
        if (!seen)
            out << ForeignLabel{fk.columns.first(), fk.refSchema, fk.refTable,
                                fk.refColumns.first(), label};
    }
    return out;
}

} // namespace dbx::model
