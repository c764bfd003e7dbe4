#pragma once

#include "model/query/queryrunner.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace dbx::ui {

class QueryResultModel;
class ResultChart;

// The answer to a query builder run: a grid (NULL painted apart), a status line with the row
// count, the time and whether only the first rows are shown, and for grouped queries a bar
// chart of the aggregates by group behind a Grid/Chart toggle. Server errors show here in
// plain words instead of the rows.
// Widgets: table view "resultGrid", ResultChart "resultChart", label "resultStatus", label
// "resultError", checkable buttons "showGrid" and "showChart", button "exportResult".
class ResultsView : public QWidget {
    Q_OBJECT
public:
    explicit ResultsView(QWidget *parent = nullptr);

    // `categoryColumn` < 0 or no `valueColumns`: the result has no chart.
    void showRows(const model::query::QueryRows &rows, int categoryColumn,
                  const QList<int> &valueColumns);
    void showError(const QString &message, const QString &detail = {});
    void showRunning();
    // A line about the result (an export's progress or outcome) in place of the row count.
    void showStatus(const QString &text);
    void clear();

    const model::query::QueryRows &rows() const;
    bool chartAvailable() const;
    bool chartShown() const;
    QueryResultModel *model() const { return m_model; }
    ResultChart *chart() const { return m_chart; }

public slots:
    void showGrid();
    void showChart();

signals:
    void exportRequested();

private:
    QueryResultModel *m_model;
    QTableView *m_grid;
    ResultChart *m_chart;
    QStackedWidget *m_stack;
    QLabel *m_status;
    QLabel *m_error;
    QPushButton *m_gridButton;
    QPushButton *m_chartButton;
    QPushButton *m_export;
};

} // namespace dbx::ui
