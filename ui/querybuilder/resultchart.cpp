#include "ui/querybuilder/resultchart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

namespace dbx::ui {

namespace {

// A value label needs a bar wider than its digits: past this many bars in the panel they
// would be cut or overlap.
constexpr int kMaxLabelledBars = 8;

} // namespace

ResultChart::ResultChart(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("resultChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(160);
    layout->addWidget(m_view, 1);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("chartNote"));
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    layout->addWidget(m_note);
}

void ResultChart::clear()
{
    m_chart->removeAllSeries();
    const auto axes = m_chart->axes();
    for (QAbstractAxis *axis : axes) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    m_chart->legend()->setVisible(false);
    m_note->clear();
    m_note->setVisible(false);
    m_categoryCount = 0;
    m_seriesCount = 0;
}

void ResultChart::setData(const QStringList &columns, const QList<QVariantList> &rows,
                          int categoryColumn, const QList<int> &valueColumns)
{
    clear();
    const qsizetype shown = qMin<qsizetype>(rows.size(), kMaxCategories);
    QStringList categories;
    for (qsizetype r = 0; r < shown; ++r) {
        const QVariant v = rows.at(r).value(categoryColumn);
        QString text = v.isNull() ? tr("(null)") : v.toString();
        // QBarCategoryAxis merges equal categories; a repeated label still needs its own bar.
        while (categories.contains(text))
            text += u' ';
        categories << text;
    }

    auto *series = new QBarSeries;
    int nulls = 0;
    int notNumbers = 0;
    double low = 0;
    double high = 0;
    bool integral = true;
    for (int column : valueColumns) {
        auto *set = new QBarSet(columns.value(column));
        for (qsizetype r = 0; r < shown; ++r) {
            const QVariant v = rows.at(r).value(column);
            double number = 0;
            if (v.isNull()) {
                ++nulls;
            } else {
                bool ok = false;
                number = v.toDouble(&ok);
                if (!ok || !std::isfinite(number)) {
                    number = 0;
                    ++notNumbers;
                }
            }
            integral = integral && std::floor(number) == number;
            low = qMin(low, number);
            high = qMax(high, number);
            *set << number;
        }
        series->append(set);
    }
    const qsizetype bars = shown * valueColumns.size();
    series->setLabelsVisible(bars > 0 && bars <= kMaxLabelledBars);
    series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(integral ? 15 : 4);
    m_chart->addSeries(series);

    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    categoryAxis->setTitleText(columns.value(categoryColumn));
    m_chart->addAxis(categoryAxis, Qt::AlignBottom);
    series->attachAxis(categoryAxis);

    auto *valueAxis = new QValueAxis;
    // Headroom above the tallest bar keeps its label inside the plot.
    valueAxis->setRange(low < 0 ? low * 1.1 : 0, high > 0 ? high * 1.1 : 1);
    valueAxis->applyNiceNumbers();
    valueAxis->setLabelFormat(integral ? QStringLiteral("%.0f") : QStringLiteral("%.2f"));
    if (valueColumns.size() == 1)
        valueAxis->setTitleText(columns.value(valueColumns.first()));
    m_chart->addAxis(valueAxis, Qt::AlignLeft);
    series->attachAxis(valueAxis);
    m_chart->legend()->setVisible(valueColumns.size() > 1);

    m_categoryCount = int(shown);
    m_seriesCount = int(valueColumns.size());

    QStringList notes;
    if (rows.size() > shown)
        notes << tr("Showing the first %1 of %2 groups.").arg(shown).arg(rows.size());
    if (nulls > 0)
        notes << tr("%n NULL value(s) drawn as 0.", "", nulls);
    if (notNumbers > 0)
        notes << tr("%n value(s) that are not numbers drawn as 0.", "", notNumbers);
    m_note->setText(notes.join(u' '));
    m_note->setVisible(!notes.isEmpty());
}

QString ResultChart::note() const
{
    return m_note->text();
}

} // namespace dbx::ui
