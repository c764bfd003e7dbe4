#include "ui/querybuilder/rowwidgets.h"

#include <QComboBox>
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

void compactCombo(QComboBox *combo, int chars)
{
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(chars);
    QObject::connect(combo, &QComboBox::currentTextChanged, combo, &QComboBox::setToolTip);
}

} // namespace dbx::ui
