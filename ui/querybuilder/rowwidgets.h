#pragma once

#include <QList>

class QTreeWidget;

namespace dbx::ui {

// The builder's lists hold editors in their rows (combos, line edits, a remove button). Fixed
// widths keep those editors from being squeezed when the list is filled while hidden; the
// first column stretches.
void fixColumns(QTreeWidget *tree, const QList<int> &widths);

} // namespace dbx::ui
