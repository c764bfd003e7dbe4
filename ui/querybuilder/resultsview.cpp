#include "ui/querybuilder/resultsview.h"

#include "ui/common/valuedelegate.h"
#include "ui/querybuilder/queryresultmodel.h"
#include "ui/querybuilder/resultchart.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace dbx::ui {

ResultsView::ResultsView(QWidget *parent)
    : QWidget(parent)
    , m_model(new QueryResultModel(this))
    , m_grid(new QTableView(this))
    , m_chart(new ResultChart(this))
    , m_stack(new QStackedWidget(this))
    , m_status(new QLabel(this))
    , m_error(new QLabel(this))
    , m_gridButton(new QPushButton(tr("Grid"), this))
    , m_chartButton(new QPushButton(tr("Chart"), this))
    , m_export(new QPushButton(tr("Export…"), this))
{
    m_grid->setObjectName(QStringLiteral("resultGrid"));
    m_grid->setModel(m_model);
    m_grid->setItemDelegate(new ValueDelegate(m_grid));
    m_grid->setAlternatingRowColors(true);
    m_grid->verticalHeader()->setDefaultSectionSize(m_grid->fontMetrics().height() + 6);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_chart->setObjectName(QStringLiteral("resultChart"));
    m_status->setObjectName(QStringLiteral("resultStatus"));
    m_status->setWordWrap(true); // never wider than the column beside the builder
    m_error->setObjectName(QStringLiteral("resultError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(
        QStringLiteral("QLabel { background: #fbe3e4; color: #8a1f11; border: 1px solid #e8a0a0;"
                       " border-radius: 3px; padding: 6px; }"));
    m_error->hide();
    m_gridButton->setObjectName(QStringLiteral("showGrid"));
    m_chartButton->setObjectName(QStringLiteral("showChart"));
    m_export->setObjectName(QStringLiteral("exportResult"));
    auto *toggle = new QButtonGroup(this);
    for (QPushButton *b : {m_gridButton, m_chartButton}) {
        b->setCheckable(true);
        b->setFlat(false);
        toggle->addButton(b);
    }
    m_gridButton->setChecked(true);
    m_stack->addWidget(m_grid);
    m_stack->addWidget(m_chart);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(m_gridButton);
    bar->addWidget(m_chartButton);
    bar->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_error);
    layout->addWidget(m_stack, 1);

    connect(m_gridButton, &QPushButton::clicked, this, &ResultsView::showGrid);
    connect(m_chartButton, &QPushButton::clicked, this, &ResultsView::showChart);
    connect(m_export, &QPushButton::clicked, this, &ResultsView::exportRequested);
    clear();
}

void ResultsView::showRows(const model::query::QueryRows &rows, int categoryColumn,
                           const QList<int> &valueColumns)
{
    m_error->hide();
    m_model->setRows(rows);
    m_grid->resizeColumnsToContents();
    const QLocale locale;
    QString status =
        tr("%n row(s) in %1 ms", "", int(rows.rows.size())).arg(locale.toString(rows.elapsedMs));
    if (rows.truncated)
        status += QStringLiteral(" — ") +
                  tr("showing the first %1 rows only").arg(locale.toString(rows.rows.size()));
    m_status->setText(status);
    const bool chartable = categoryColumn >= 0 && !valueColumns.isEmpty();
    if (chartable)
        m_chart->setData(rows.columns, rows.rows, categoryColumn, valueColumns);
    else
        m_chart->clear();
    m_chartButton->setEnabled(chartable);
    m_export->setEnabled(true);
    if (!chartable)
        showGrid();
}

void ResultsView::showError(const QString &message, const QString &detail)
{
    m_model->clear();
    m_chart->clear();
    m_error->setText(detail.isEmpty() ? message : message + QStringLiteral("\n") + detail);
    m_error->show();
    m_status->setText(tr("The query failed."));
    m_chartButton->setEnabled(false);
    m_export->setEnabled(false);
    showGrid();
}

void ResultsView::showRunning()
{
    m_error->hide();
    m_status->setText(tr("Running…"));
    m_export->setEnabled(false);
}

void ResultsView::clear()
{
    m_model->clear();
    m_chart->clear();
    m_error->hide();
    m_status->setText(tr("Run the query to see its rows."));
    m_chartButton->setEnabled(false);
    m_export->setEnabled(false);
    showGrid();
}

const model::query::QueryRows &ResultsView::rows() const
{
    return m_model->rows();
}

bool ResultsView::chartAvailable() const
{
    return m_chartButton->isEnabled();
}

bool ResultsView::chartShown() const
{
    return m_stack->currentWidget() == m_chart;
}

void ResultsView::showGrid()
{
    m_gridButton->setChecked(true);
    m_stack->setCurrentWidget(m_grid);
}

void ResultsView::showChart()
{
    if (!chartAvailable())
        return;
    m_chartButton->setChecked(true);
    m_stack->setCurrentWidget(m_chart);
}

void ResultsView::showStatus(const QString &text)
{
    m_status->setText(text);
}

} // namespace dbx::ui
