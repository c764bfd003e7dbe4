#pragma once

#include <QSize>
#include <QStringList>

class QWidget;

namespace dbx::test {

// What a user would see cut short in a window, judged from the widgets themselves: a label,
// button, group box title, tab or combo whose text does not fit, an item-view cell or header
// section whose text is elided, each unless hovering it shows the whole text in a tooltip; a
// tool bar whose last actions moved into its overflow menu; a shown literal "&" (an
// untranslated "&&"); and the window itself when it is larger than the screen. One line per
// problem: "window › widget: what".
QStringList layoutProblems(QWidget *window, const QSize &screen);

} // namespace dbx::test
