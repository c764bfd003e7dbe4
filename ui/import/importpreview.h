#pragma once

#include "model/catalog/schemasnapshot.h"
#include "model/import/csvreader.h"

#include <QStringList>
#include <QWidget>

class QGridLayout;
class QTableWidget;

namespace dbx::ui {

// The import dialog's preview: the first records of the file in a grid, above each file column
// a combo choosing the table column it goes into (by name by default), and every cell whose
// value cannot be that column's type marked with the reason as its tool tip.
class ImportPreview : public QWidget {
    Q_OBJECT
public:
    ImportPreview(const model::TableInfo &table, const model::SchemaSnapshot &snapshot,
                  QWidget *parent = nullptr);

    void show(const model::CsvPreview &preview);
    // For each file column the chosen table column, empty for none.
    QStringList mapping() const;
    void setMapping(int fileColumn, const QString &tableColumn);
    // How many preview cells the type check marked.
    int mismatches() const { return m_mismatches; }
    QTableWidget *grid() const { return m_grid; }

signals:
    void mappingChanged();

private:
    void check();
    void fitColumns();

    model::TableInfo m_table;
    model::SchemaSnapshot m_snapshot;
    model::CsvPreview m_preview;
    QTableWidget *m_grid;
    int m_mismatches = 0;
};

} // namespace dbx::ui
