#pragma once

#include "model/edit/changecommit.h"

#include <QDialog>

class QLabel;
class QTableWidget;

namespace dbx::model {
class EditableTableModel;
}

namespace dbx::ui {

// Someone else changed or deleted a row the user edited: shows, column by column, the value as
// the user read it, the user's pending value and the database's value now, and lets them keep
// theirs (overwrite on the next commit) or take the database's (drop their change).
class ConflictDialog : public QDialog {
    Q_OBJECT
public:
    enum Choice { KeepMine = 1, TakeTheirs = 2 };

    ConflictDialog(const model::EditableTableModel *model, const model::ChangeConflict &conflict,
                   QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }

private:
    QTableWidget *m_table;
    QLabel *m_summary;
};

} // namespace dbx::ui
