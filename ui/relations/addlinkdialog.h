#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/relations/relationshipgraph.h"

#include <QDialog>
#include <QHash>
#include <QVariant>

class QLineEdit;
class QPushButton;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

class ForeignKeyEditor;

// Picks the row to link to and fills the link's own columns (cover_letter). Empty fields are
// NULL; what the columns allow is checked with the other pending changes at Commit.
class AddLinkDialog : public QDialog {
    Q_OBJECT
public:
    AddLinkDialog(model::Database *db, const model::Relationship &rel,
                  const model::TableInfo &target, QWidget *parent);

    QString key() const;
    QString label() const;
    QVariant attribute(const QString &name) const;

private:
    ForeignKeyEditor *m_target = nullptr;
    QHash<QString, QLineEdit *> m_attributes;
    QPushButton *m_ok = nullptr;
};

} // namespace dbx::ui
