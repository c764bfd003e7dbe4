#pragma once

#include <QList>

class QComboBox;
class QTreeWidget;

namespace dbx::ui {

// The builder's lists hold editors in their rows (combos, line edits, a remove button). Fixed
// widths keep those editors from being squeezed when the list is filled while hidden; the
// first column stretches.
void fixColumns(QTreeWidget *tree, const QList<int> &widths);

// A combo that asks for room for `chars` characters only, whatever its longest choice: the
// builder's editors share a narrow column. The choice shown is also its tooltip, so a cut
// "vacancies_replies.cover_letter" can still be read.
void compactCombo(QComboBox *combo, int chars);

} // namespace dbx::ui
