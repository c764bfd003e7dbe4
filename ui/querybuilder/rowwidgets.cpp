#include "ui/querybuilder/rowwidgets.h"

#include <QHeaderView>
#include <QTreeWidget>

namespace dbx::ui {

void fixColumns(QTreeWidget *tree, const QList<int> &widths)
{
    QHeaderView *header = tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < widths.size(); ++c) {
        header->setSectionResizeMode(c, QHeaderView::Fixed);
        header->resizeSection(c, widths.at(c));
    }
}

} // namespace dbx::ui
