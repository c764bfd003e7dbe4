#include "ui/import/importpreview.h"

#include "model/import/csvimport.h"

#include <QComboBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace dbx::ui {

ImportPreview::ImportPreview(const model::TableInfo &table, const model::SchemaSnapshot &snapshot,
                             QWidget *parent)
    : QWidget(parent)
    , m_table(table)
    , m_snapshot(snapshot)
    , m_grid(new QTableWidget(this))
{
    m_grid->setObjectName(QStringLiteral("importPreviewGrid"));
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->horizontalHeader()->setDefaultSectionSize(140);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_grid);
}

void ImportPreview::show(const model::CsvPreview &preview)
{
    m_preview = preview;
    const int columns = preview.columnCount;
    m_grid->clear();
    m_grid->setColumnCount(columns);
    // Row 0 holds the mapping combos; the records follow.
    m_grid->setRowCount(int(preview.records.size()) + 1);
    QStringList headers;
    QStringList labels{tr("Target column")};
    for (int c = 0; c < columns; ++c)
        headers << (preview.header.isEmpty() ? tr("Column %1").arg(c + 1)
                                             : preview.header.value(c));
    for (const model::CsvRecord &record : preview.records)
        labels << tr("line %1").arg(record.line);
    m_grid->setHorizontalHeaderLabels(headers);
    m_grid->setVerticalHeaderLabels(labels);
    const QStringList mapping = model::defaultMapping(preview.header, columns, m_table.columns);
    for (int c = 0; c < columns; ++c) {
        auto *combo = new QComboBox(m_grid);
        combo->setObjectName(QStringLiteral("importMapping%1").arg(c));
        combo->addItem(tr("(not imported)"), QString());
        for (const model::ColumnInfo &column : m_table.columns)
            combo->addItem(column.name, column.name);
        combo->setCurrentIndex(std::max(0, combo->findData(mapping.value(c))));
        connect(combo, &QComboBox::currentIndexChanged, this, [this] {
            check();
            emit mappingChanged();
        });
        m_grid->setCellWidget(0, c, combo);
    }
    for (int r = 0; r < preview.records.size(); ++r) {
        const model::CsvRecord &record = preview.records.at(r);
        for (int c = 0; c < columns; ++c) {
            const std::optional<QString> value = record.fields.value(c);
            auto *item = new QTableWidgetItem(value ? *value : QStringLiteral("NULL"));
            if (!value)
                item->setForeground(Qt::gray);
            m_grid->setItem(r + 1, c, item);
        }
    }
    fitColumns();
    check();
}

// Wide enough for the combo's longest choice, not wider than a long value needs.
void ImportPreview::fitColumns()
{
    m_grid->resizeColumnsToContents();
    for (int c = 0; c < m_grid->columnCount(); ++c) {
        const QWidget *combo = m_grid->cellWidget(0, c);
        const int wanted =
            std::max(combo ? combo->sizeHint().width() : 0, std::min(m_grid->columnWidth(c), 260));
        m_grid->setColumnWidth(c, wanted);
    }
}

QStringList ImportPreview::mapping() const
{
    QStringList out;
    for (int c = 0; c < m_grid->columnCount(); ++c) {
        const auto *combo = qobject_cast<QComboBox *>(m_grid->cellWidget(0, c));
        out << (combo ? combo->currentData().toString() : QString());
    }
    return out;
}

void ImportPreview::setMapping(int fileColumn, const QString &tableColumn)
{
    if (auto *combo = qobject_cast<QComboBox *>(m_grid->cellWidget(0, fileColumn)))
        combo->setCurrentIndex(std::max(0, combo->findData(tableColumn)));
}

// Marks the cells the column-type model says the server would refuse.
void ImportPreview::check()
{
    m_mismatches = 0;
    const QStringList targets = mapping();
    for (int r = 0; r < m_preview.records.size(); ++r) {
        const model::CsvRecord &record = m_preview.records.at(r);
        for (int c = 0; c < targets.size(); ++c) {
            QTableWidgetItem *item = m_grid->item(r + 1, c);
            if (!item)
                continue;
            const model::ColumnInfo *column = m_table.column(targets.at(c));
            const QString why =
                column ? model::cellMismatch(*column, record.fields.value(c), m_snapshot)
                       : QString();
            item->setToolTip(why);
            item->setBackground(why.isEmpty() ? QBrush() : QBrush(QColor(255, 214, 214)));
            if (!why.isEmpty())
                ++m_mismatches;
        }
    }
}

} // namespace dbx::ui
