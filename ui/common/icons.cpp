#include "ui/common/icons.h"

#include <QHash>

namespace dbx::ui {

QIcon icon(const QString &name)
{
    // QIcon keeps the SVG engine's rasterized pixmaps; caching the icon keeps that cache warm.
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, QIcon(QStringLiteral(":/dbx/icons/%1.svg").arg(name)));
    return *it;
}

} // namespace dbx::ui
