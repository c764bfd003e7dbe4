#pragma once

#include <QMap>
#include <QObject>
#include <QVariant>

class QTableView;

namespace dbx::model {
class EditableTableModel;
}

namespace dbx::ui {

// A commit reloads the grid, which loses its current row. This brings it back once the rows
// arrive: the row with the same key, or, for a row that was just inserted, the new row (the
// last one when the new key sorts last, else a loaded row with the values typed), so the
// form keeps showing what the user committed and the row actions act on it.
class RowFollower : public QObject {
    Q_OBJECT
public:
    RowFollower(model::EditableTableModel *model, QTableView *view, QObject *parent = nullptr);

    // Notes the current row just before a commit starts.
    void remember();
    // The commit went through: find the row again as the reloaded rows come in.
    void follow();
    bool isFollowing() const { return m_following; }

signals:
    // The row was found and made current (the grid's row number).
    void found(int row);

private:
    void tryFind();
    int findInserted() const;
    void select(int row);

    model::EditableTableModel *m_model;
    QTableView *m_view;
    QVariantList m_key;             // of a row that existed
    QMap<int, QVariant> m_inserted; // the values typed into a new row, by column
    int m_row = -1;
    int m_column = 0;
    bool m_following = false;
};

} // namespace dbx::ui
