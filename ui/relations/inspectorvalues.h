#pragma once

#include "model/catalog/schemasnapshot.h"

#include <QStringList>
#include <QVariantList>

namespace dbx::ui::inspector {

// Small value helpers the relation inspector's navigation and link editing share.

// Key values as a person reads them: "3" or "2, 15"; NULL spelled out.
inline QString keyText(const QVariantList &key)
{
    QStringList parts;
    for (const QVariant &v : key)
        parts << (v.isNull() ? QStringLiteral("NULL") : v.toString());
    return parts.join(QLatin1String(", "));
}

// Equal as the server's text: the grid holds typed values, the related rows text.
inline bool sameValues(const QVariantList &a, const QVariantList &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).isNull() != b.at(i).isNull() || a.at(i).toString() != b.at(i).toString())
            return false;
    }
    return true;
}

inline int columnIndex(const model::TableInfo &table, const QString &name)
{
    for (int c = 0; c < table.columns.size(); ++c) {
        if (table.columns.at(c).name == name)
            return c;
    }
    return -1;
}

} // namespace dbx::ui::inspector
