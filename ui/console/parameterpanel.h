#pragma once

#include "model/script/scriptrunner.h"

#include <QMap>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace dbx::ui {

// The values of a script's parameters (`:name` and `$1`, found by PostgreSQL's scanner), one
// row per name with a value and a NULL box. Values of names the text no longer uses are kept,
// so deleting and retyping a parameter does not lose its value. They are bound on the server
// by the runner, never written into the SQL.
class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(QWidget *parent = nullptr);

    // Shows a row for every parameter of `sql`, in order of first use.
    void setSql(const QString &sql);
    QStringList names() const { return m_names; }

    // Every remembered value (NULL as nullopt), also of names not shown now.
    model::ParameterValues values() const;
    void setValues(const model::ParameterValues &values);
    // The names among `names` that have neither a value nor NULL ticked.
    QStringList unset(const QStringList &names) const;

    QLineEdit *valueEdit(const QString &name) const;
    QCheckBox *nullBox(const QString &name) const;

signals:
    void valuesChanged();

private:
    struct Row {
        QLabel *label = nullptr;
        QLineEdit *value = nullptr;
        QCheckBox *isNull = nullptr;
    };
    void rebuild();
    void remember(const QString &name);

    QStringList m_names;
    model::ParameterValues m_values;
    QMap<QString, Row> m_rows;
    QGridLayout *m_grid;
    QLabel *m_empty;
};

} // namespace dbx::ui
