#pragma once

#include <QList>
#include <QStringList>
#include <QVariantList>
#include <QWidget>

// QtCharts stays private to dbx_ui: users of this header need no Charts include path.
class QChart;
class QChartView;
class QLabel;

namespace dbx::ui {

// A bar chart of a grouped result, beside the query builder's grid: one category per row (the
// text of the category column), one bar set per value column. Aggregates are where a picture
// says more than rows (average compensation per workload); anything with many groups is cut to
// the first kMaxCategories and says so, since a chart of hundreds of bars reads as noise.
class ResultChart : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxCategories = 50;

    explicit ResultChart(QWidget *parent = nullptr);

    // Values are numbers or their text (numeric comes back as text with high precision); NULL
    // and text that is no number are drawn as 0 and noted below the chart.
    void setData(const QStringList &columns, const QList<QVariantList> &rows, int categoryColumn,
                 const QList<int> &valueColumns);
    void clear();
    int categoryCount() const { return m_categoryCount; }
    int seriesCount() const { return m_seriesCount; }
    QChart *chart() const { return m_chart; }
    QString note() const; // what the label under the chart says, empty when hidden

private:
    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    QLabel *m_note = nullptr;
    int m_categoryCount = 0;
    int m_seriesCount = 0;
};

} // namespace dbx::ui
