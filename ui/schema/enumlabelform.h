#pragma once

#include "ui/schema/schemachangeforms.h"

class QComboBox;
class QLineEdit;

namespace dbx::ui {

// Add Label: a new label of an enum type, placed after one of its labels or first. The
// downgrade recreates the type without it, so the form collects the columns of the type from
// the snapshot for the writer to convert.
class EnumLabelForm : public ChangeForm {
    Q_OBJECT
public:
    // `after`: the label to place the new one after; empty: after the last.
    EnumLabelForm(const model::EnumInfo &type, const model::SchemaSnapshot &snapshot,
                  const QString &after, QWidget *parent = nullptr);
    migrations::SchemaEdit change() const override;
    QLineEdit *labelEdit() const { return m_label; }
    QComboBox *afterBox() const { return m_after; }

private:
    migrations::SchemaEdit m_base;
    QLineEdit *m_label;
    QComboBox *m_after;
};

} // namespace dbx::ui
