#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/db/sqlresult.h"
#include "model/edit/cascadepreview.h"

#include <QDialog>
#include <QList>
#include <QVariantList>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

// Asked before rows are deleted: what the database's foreign keys would do along with it (rows
// deleted in other tables, references set to NULL, references that make the delete fail), so a
// user sees that deleting one worker also takes its resumes and their replies. The counting runs
// on the database's worker; Delete stays off until it is done and while something blocks.
class CascadePreviewDialog : public QDialog {
    Q_OBJECT
public:
    CascadePreviewDialog(model::Database *db, const model::SchemaSnapshot &snapshot,
                         const model::TableInfo &table, const QList<QVariantList> &keys,
                         QWidget *parent = nullptr);
    ~CascadePreviewDialog() override;

    // What the count found; empty while counting and after an error.
    const QList<model::CascadeEffect> &effects() const { return m_effects; }
    bool isCounting() const { return m_counting; }
    bool isDeleteEnabled() const;
    QString summaryText() const;

private:
    void showEffects(const QList<model::CascadeEffect> &effects);
    void showError(const model::DbError &error);
    void widenToFit();

    model::Database *m_db;
    model::Ticket m_ticket = 0;
    bool m_counting = true;
    QList<model::CascadeEffect> m_effects;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QLabel *m_note;
    QDialogButtonBox *m_buttons;
    QPushButton *m_delete;
};

} // namespace dbx::ui
