#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/data/tablequery.h"

#include <QString>
#include <QVariant>

class QWidget;

namespace dbx::model {
class Database;
}

namespace dbx::ui {

// The editors of a table's columns, by type, shared by the grid's delegate and the record
// form: a combo of the labels for enums, a searchable lookup for foreign keys, true/false for
// booleans, validated line edits for numbers, date and date-time pickers, a line edit limited
// to varchar(n) for text. An editor round-trips SQL NULL distinctly from an empty string where
// it can show it (combos offer NULL for nullable columns; text editors take NULL from the
// grid's "Set NULL" action or the form's NULL box).
class ColumnEditors {
public:
    enum class Kind {
        Text,
        LongText,
        Integer,
        Decimal,
        Boolean,
        Enum,
        ForeignKey,
        Date,
        DateTime,
        Time
    };

    ColumnEditors() = default;
    ColumnEditors(model::Database *database, const model::TableInfo &table,
                  const model::SchemaSnapshot &snapshot);

    Kind kind(int column) const;
    // `multiLine` asks for a text area where the type allows long text (the form).
    QWidget *create(int column, QWidget *parent, bool multiLine = false) const;
    void setValue(QWidget *editor, const QVariant &value, const QString &label = {}) const;
    // The value the editor holds (a null QVariant for NULL); `label` receives the referenced
    // row's label for foreign keys.
    QVariant value(QWidget *editor, QString *label = nullptr) const;
    // Connects `changed` to the editor's "the user is done with this value" signal.
    void onCommitted(QWidget *editor, QObject *receiver,
                     const std::function<void()> &changed) const;
    // Connects `problem` to why an editor refused what was typed (a foreign key without a
    // matching row); an empty text once that is over. Other editors refuse nothing.
    void onProblem(QWidget *editor, QObject *receiver,
                   const std::function<void(const QString &)> &problem) const;

private:
    const model::ForeignLabel *foreignKey(int column) const;
    bool nullable(int column) const;

    model::Database *m_db = nullptr;
    model::TableInfo m_table;
    QList<QStringList> m_enumLabels; // per column, empty when not an enum
    QList<model::ForeignLabel> m_foreignKeys;
};

} // namespace dbx::ui
