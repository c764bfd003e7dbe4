#pragma once

#include <QColor>
#include <QStyledItemDelegate>

namespace dbx::ui {

// How the migrations panel shows a revision's state: a coloured dot and coloured text in the
// State column, and the current revision's id in bold. Kept out of the model, which only says
// what the state is.
class RevisionStateDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit RevisionStateDelegate(QObject *parent = nullptr);

    // The colour of a state (an int of RevisionState); shared with the panel's log and notice.
    static QColor stateColor(int state);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace dbx::ui
