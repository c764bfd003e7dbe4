// The query builder's SQL view and result chart as a user sees them: both SQL texts with the
// bound values listed, copying the visible tab, problems shown and hidden, updates that keep
// the scroll position, the highlighter's formats, and the chart of the seed's aggregate rows.

#include "ui/querybuilder/resultchart.h"
#include "ui/common/sqlhighlighter.h"
#include "ui/common/sqlview.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QClipboard>
#include <QDir>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QtTest>

using dbx::ui::ResultChart;
using dbx::ui::SqlHighlighter;
using dbx::ui::SqlView;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const char *const kSql = "SELECT r.title, r.compensation\nFROM public.resumes AS r\n"
                         "WHERE r.title LIKE $1 AND r.compensation > $2\nLIMIT 100";
const char *const kLiteral = "SELECT r.title, r.compensation\nFROM public.resumes AS r\n"
                             "WHERE r.title LIKE '%Python%' AND r.compensation > 40000\n"
                             "LIMIT 100";

// The format the highlighter gave the text at `position` of the block.
QTextCharFormat formatAt(const QTextBlock &block, int position)
{
    const auto formats = block.layout()->formats();
    for (const QTextLayout::FormatRange &range : formats)
        if (position >= range.start && position < range.start + range.length)
            return range.format;
    return {};
}

void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(QDir(dir).filePath(name)));
}

QBarSeries *barSeries(const ResultChart &chart)
{
    const auto series = chart.chart()->series();
    return series.isEmpty() ? nullptr : qobject_cast<QBarSeries *>(series.first());
}

QStringList categories(const ResultChart &chart)
{
    const auto axes = chart.chart()->axes(Qt::Horizontal);
    for (QAbstractAxis *axis : axes)
        if (auto *bar = qobject_cast<QBarCategoryAxis *>(axis))
            return bar->categories();
    return {};
}
} // namespace

class TestQueryWidgets : public QObject {
    Q_OBJECT

private slots:
    void sqlViewShowsBothTextsWithParams()
    {
        SqlView view;
        view.setSql(s(kSql), {s("%Python%"), qint64(40000)}, s(kLiteral));
        const QString expected = s(kSql) + s("\n-- $1 = '%Python%'\n-- $2 = 40000");
        QCOMPARE(view.parameterizedText(), expected);
        QCOMPARE(view.literalText(), s(kLiteral));
        auto *parameterized = view.findChild<QPlainTextEdit *>(s("parameterizedSql"));
        auto *literal = view.findChild<QPlainTextEdit *>(s("literalSql"));
        QVERIFY(parameterized && literal);
        QVERIFY(parameterized->isReadOnly() && literal->isReadOnly());
        QCOMPARE(parameterized->toPlainText(), expected);
        QCOMPARE(literal->toPlainText(), s(kLiteral));
    }

    void paramCommentsQuoteAndNameNull()
    {
        QCOMPARE(SqlView::paramComments({s("it's"), QVariant(), true, 2.5, QDate(2024, 1, 31)}),
                 s("-- $1 = 'it''s'\n-- $2 = NULL\n-- $3 = TRUE\n-- $4 = 2.5\n"
                   "-- $5 = '2024-01-31'"));
        QCOMPARE(SqlView::paramComments({s("two\nlines")}), s("-- $1 = E'two\\nlines'"));
    }

    void copyTakesTheVisibleTab()
    {
        SqlView view;
        view.show();
        view.setSql(s(kSql), {s("%Python%"), qint64(40000)}, s(kLiteral));
        auto *copy = view.findChild<QToolButton *>(s("copySql"));
        QVERIFY(copy);
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), view.parameterizedText());

        auto *tabs = view.findChild<QTabWidget *>();
        QVERIFY(tabs);
        QCOMPARE(tabs->tabText(0), s("Parameterized"));
        QCOMPARE(tabs->tabText(1), s("With values"));
        tabs->setCurrentIndex(1);
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), s(kLiteral));

        tabs->setCurrentIndex(0);
        view.setProblems({s("HAVING avg(compensation) needs GROUP BY or an aggregate")});
        view.resize(420, 220);
        QCoreApplication::processEvents();
        saveScreenshot(&view, s("querybuilder-sql.png"));
    }

    void problemsShowAndHide()
    {
        SqlView view;
        view.show();
        auto *problems = view.findChild<QLabel *>(s("sqlProblems"));
        QVERIFY(problems);
        QVERIFY(!problems->isVisible());
        view.setProblems({s("compensation > needs a value"), s("Unknown column x")});
        QVERIFY(problems->isVisible());
        QVERIFY(problems->text().contains(s("compensation > needs a value")));
        QVERIFY(problems->text().contains(s("Unknown column x")));
        view.setProblems({});
        QVERIFY(!problems->isVisible());
    }

    void updatesKeepScrollAndSkipSameText()
    {
        SqlView view;
        view.resize(300, 120);
        view.show();
        QStringList lines;
        for (int i = 0; i < 200; ++i)
            lines << s("SELECT %1 AS n").arg(i);
        view.setSql(lines.join(u'\n'), {}, lines.join(u'\n'));
        auto *edit = view.findChild<QPlainTextEdit *>(s("parameterizedSql"));
        QCoreApplication::processEvents();
        QVERIFY(edit->verticalScrollBar()->maximum() > 50);
        edit->verticalScrollBar()->setValue(50);

        const int revision = edit->document()->revision();
        view.setSql(lines.join(u'\n'), {}, lines.join(u'\n'));
        QCOMPARE(edit->document()->revision(), revision); // nothing re-laid out

        lines[199] = s("SELECT 199 AS last");
        view.setSql(lines.join(u'\n'), {}, lines.join(u'\n'));
        QVERIFY(edit->toPlainText().endsWith(s("AS last")));
        QCOMPARE(edit->verticalScrollBar()->value(), 50);
    }

    void highlighterFormatsKeywordsStringsAndParams()
    {
        SqlView view;
        view.setSql(s("SELECT title -- the name\nFROM resumes WHERE title = $1"), {s("x")},
                    s("SELECT 'it''s SELECT' AS \"from\", 42"));
        auto *literal = view.findChild<QPlainTextEdit *>(s("literalSql"));
        auto *highlighter = literal->document()->findChild<SqlHighlighter *>();
        QVERIFY(highlighter);
        const QTextBlock block = literal->document()->firstBlock();
        const QColor keyword = highlighter->keywordFormat().foreground().color();
        const QColor string = highlighter->stringFormat().foreground().color();
        QVERIFY(keyword != string);
        QCOMPARE(formatAt(block, 0).foreground().color(), keyword); // SELECT
        QCOMPARE(formatAt(block, 0).fontWeight(), int(QFont::Bold));
        const int literalAt = int(block.text().indexOf(u'\''));
        QCOMPARE(formatAt(block, literalAt + 1).foreground().color(), string);
        // A keyword inside the literal, after the '' escape, is still the string.
        const int inner = int(block.text().indexOf(s("SELECT'")));
        QCOMPARE(formatAt(block, inner).foreground().color(), string);
        QCOMPARE(formatAt(block, int(block.text().indexOf(s("AS")))).foreground().color(), keyword);
        const int quoted = int(block.text().indexOf(s("\"from\"")));
        QCOMPARE(formatAt(block, quoted + 1).foreground().color(),
                 highlighter->identifierFormat().foreground().color());
        QCOMPARE(formatAt(block, int(block.text().indexOf(s("42")))).foreground().color(),
                 highlighter->numberFormat().foreground().color());

        auto *parameterized = view.findChild<QPlainTextEdit *>(s("parameterizedSql"));
        const QTextBlock first = parameterized->document()->firstBlock();
        QCOMPARE(formatAt(first, int(first.text().indexOf(s("--")) + 3)).foreground().color(),
                 highlighter->commentFormat().foreground().color());
        const QTextBlock second = first.next();
        QCOMPARE(formatAt(second, int(second.text().indexOf(u'$'))).foreground().color(),
                 highlighter->parameterFormat().foreground().color());
        QVERIFY(!formatAt(second, int(second.text().indexOf(s("resumes")))).isValid() ||
                formatAt(second, int(second.text().indexOf(s("resumes")))).foreground().color() !=
                    keyword);
    }

    void chartOfAggregateRows()
    {
        ResultChart chart;
        chart.resize(420, 300);
        chart.setData({s("workload"), s("avg_compensation")},
                      {{s("fulltime"), s("125000")}, {s("parttime"), s("80000")}}, 0, {1});
        QCOMPARE(chart.categoryCount(), 2);
        QCOMPARE(chart.seriesCount(), 1);
        QBarSeries *series = barSeries(chart);
        QVERIFY(series);
        QCOMPARE(series->count(), 1);
        QBarSet *set = series->barSets().first();
        QCOMPARE(set->label(), s("avg_compensation"));
        QCOMPARE(set->count(), 2);
        QCOMPARE(set->at(0), 125000.0);
        QCOMPARE(set->at(1), 80000.0);
        QCOMPARE(categories(chart), QStringList({s("fulltime"), s("parttime")}));
        QVERIFY(chart.note().isEmpty());
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCoreApplication::processEvents();
        saveScreenshot(&chart, s("querybuilder-chart.png"));
    }

    void nullCategoryAndValues()
    {
        ResultChart chart;
        chart.setData({s("workload"), s("n"), s("avg")},
                      {{s("fulltime"), qint64(3), 125000.5},
                       {QVariant(), qint64(1), QVariant()},
                       {s("parttime"), qint64(2), 80000.0}},
                      0, {1, 2});
        QCOMPARE(chart.categoryCount(), 3);
        QCOMPARE(chart.seriesCount(), 2);
        QCOMPARE(categories(chart), QStringList({s("fulltime"), s("(null)"), s("parttime")}));
        const QList<QBarSet *> sets = barSeries(chart)->barSets();
        QCOMPARE(sets.at(0)->at(1), 1.0);
        QCOMPARE(sets.at(1)->at(0), 125000.5);
        QCOMPARE(sets.at(1)->at(1), 0.0);
        QVERIFY(chart.note().contains(s("NULL")));
        QVERIFY(chart.chart()->legend()->isVisible()); // two series need a legend
    }

    void manyGroupsAreCapped()
    {
        ResultChart chart;
        QList<QVariantList> rows;
        for (int i = 0; i < 73; ++i)
            rows << QVariantList{s("group %1").arg(i), i * 10};
        chart.setData({s("g"), s("count")}, rows, 0, {1});
        QCOMPARE(chart.categoryCount(), 50);
        QCOMPARE(barSeries(chart)->barSets().first()->count(), 50);
        QVERIFY2(chart.note().contains(s("first 50 of 73 groups")), qPrintable(chart.note()));

        chart.clear();
        QCOMPARE(chart.categoryCount(), 0);
        QCOMPARE(chart.seriesCount(), 0);
        QVERIFY(chart.chart()->series().isEmpty());
        QVERIFY(chart.note().isEmpty());
    }
};

QTEST_MAIN(TestQueryWidgets)
#include "tst_querywidgets.moc"
