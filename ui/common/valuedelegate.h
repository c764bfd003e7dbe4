#pragma once

#include <QStyledItemDelegate>

namespace dbx::ui {

// Paints a cell of any grid that shows rows, so that its state reads the same everywhere: NULL
// in grey italics (never confused with an empty string), a new row's defaulted cells as
// "default", a foreign key's referenced label beside the id, pending cells tinted, deleted rows
// struck through, and a cell the server or a rule refuses outlined in red. A cell whose text
// does not fit shows it whole in a tooltip. It reads the roles of model::TableDataModel and
// model::EditableTableModel; other models mark their NULLs with TableDataModel::IsNullRole.
class ValueDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit ValueDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // The text a cell shows, as the grid paints it (for tests and copy).
    static QString cellText(const QModelIndex &index);
};

} // namespace dbx::ui
