// The query builder panel driven as a user would, offscreen, on the demo database: each of the
// seed's three queries is built by picking tables, following foreign keys, ticking columns,
// choosing aggregates, casts and labels, filling the filter trees and wrapping queries as a
// subquery and a CTE; then Run, and the grid's rows must equal what the hand-written SQL returns
// on the same data. Also: live SQL (bound and literal), the chart of a grouped result, a
// validation problem disabling Run, Save → Open, Cancel of a blocked run, Export.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/connection/connectionstore.h"
#include "model/data/tabledatamodel.h"
#include "model/query/querydef.h"
#include "model/server/demoserver.h"
#include "seedqueries.h"
#include "testcluster.h"
#include "ui/common/sqlview.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/querybuilder/filtertreeeditor.h"
#include "ui/querybuilder/joindiagram.h"
#include "ui/querybuilder/querybuildermenu.h"
#include "ui/querybuilder/querybuilderpanel.h"
#include "ui/querybuilder/queryresultmodel.h"
#include "ui/querybuilder/resultchart.h"
#include "ui/querybuilder/resultsview.h"
#include "ui/querybuilder/sqlimportdialog.h"
#include "ui/relations/erscene.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace dbx;
using model::query::Expr;
using model::query::Filter;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

const QString kDb = QStringLiteral("query_builder");

// One cell as text, numbers normalised: the grid and QSqlQuery may differ in int vs double.
QString cellText(const QVariant &value)
{
    if (value.isNull())
        return s("NULL");
    bool number = false;
    const double d = value.toString().toDouble(&number);
    return number ? QString::number(d, 'f', 2) : value.toString();
}

QStringList rowTexts(const QList<QVariantList> &rows)
{
    QStringList out;
    for (const QVariantList &row : rows) {
        QStringList cells;
        for (const QVariant &v : row)
            cells << cellText(v);
        out << cells.join(s(" | "));
    }
    return out;
}

bool pick(QComboBox *combo, const QString &text)
{
    if (!combo)
        return false;
    const int index = combo->findText(text);
    if (index < 0) {
        QStringList items;
        for (int i = 0; i < combo->count(); ++i)
            items << combo->itemText(i);
        qWarning("no \"%s\" in %s: %s", qPrintable(text), qPrintable(combo->objectName()),
                 qPrintable(items.join(s(", "))));
        return false;
    }
    combo->setCurrentIndex(index);
    return true;
}

bool pickData(QComboBox *combo, int data)
{
    const int index = combo ? combo->findData(data) : -1;
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    return true;
}

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

void click(QAbstractButton *button)
{
    QVERIFY(button);
    QVERIFY2(button->isEnabled(), qPrintable(button->objectName()));
    QTest::mouseClick(button, Qt::LeftButton);
}

} // namespace

class TestQueryBuilder : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<model::Database> m_db;
    model::SchemaSnapshot m_snapshot;
    QTemporaryDir m_dir;
    std::unique_ptr<ui::QueryBuilderPanel> m_panel;

    template <typename T> T *find(const char *name) const
    {
        return m_panel->findChild<T *>(QLatin1String(name));
    }

    // The dialog open now: closed ones linger until their deferred delete.
    template <typename T> T *openDialog(const char *name) const
    {
        for (T *dialog : m_panel->findChildren<T *>(QLatin1String(name)))
            if (dialog->isVisible())
                return dialog;
        return nullptr;
    }

    QList<QVariantList> handRows(const QString &sql)
    {
        QSqlDatabase db = test::TestCluster::instance().open(kDb);
        QSqlQuery q(db);
        if (!q.exec(sql))
            qWarning("%s", qPrintable(q.lastError().text()));
        QList<QVariantList> rows;
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << q.value(i);
            rows << row;
        }
        return rows;
    }

    // What the grid shows, cell by cell through the model.
    QList<QVariantList> gridRows() const
    {
        const QAbstractItemModel *model = m_panel->results()->model();
        QList<QVariantList> rows;
        for (int r = 0; r < model->rowCount(); ++r) {
            QVariantList row;
            for (int c = 0; c < model->columnCount(); ++c) {
                const QVariant shown = model->index(r, c).data();
                // NULL is painted as the word NULL: compare it as NULL.
                row << (model->index(r, c).data(model::TableDataModel::IsNullRole).toBool()
                            ? QVariant()
                            : shown);
            }
            rows << row;
        }
        return rows;
    }

    bool runAndWait()
    {
        QSignalSpy finished(m_panel.get(), &ui::QueryBuilderPanel::runFinished);
        auto *run = find<QPushButton>("queryRun");
        if (!run->isEnabled()) {
            qWarning("Run disabled: %s", qPrintable(run->toolTip()));
            return false;
        }
        QTest::mouseClick(run, Qt::LeftButton);
        return finished.wait(15000) && finished.first().first().toBool();
    }

    void showTab(const char *title)
    {
        auto *tabs = find<QTabWidget>("editorTabs");
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).remove(QLatin1Char('&')) == QString::fromUtf8(title))
                tabs->setCurrentIndex(i);
    }

    QTreeWidgetItem *columnItem(const QString &source, const QString &column)
    {
        auto *tree = find<QTreeWidget>("columnTree");
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *top = tree->topLevelItem(i);
            if (!top->text(0).startsWith(source + QLatin1Char(' ')))
                continue;
            if (column.isEmpty())
                return top;
            for (int c = 0; c < top->childCount(); ++c)
                if (top->child(c)->text(0) == column)
                    return top->child(c);
        }
        return nullptr;
    }

    bool tick(const QString &source, const QString &column = {})
    {
        QTreeWidgetItem *item = columnItem(source, column);
        if (!item)
            return false;
        item->setCheckState(0, Qt::Checked);
        return true;
    }

    QWidget *outputCell(int row, int column) const
    {
        auto *list = find<QTreeWidget>("outputList");
        QTreeWidgetItem *item = list->topLevelItem(row);
        return item ? list->itemWidget(item, column) : nullptr;
    }

    void wrap(const char *buttonName, const QString &name)
    {
        click(find<QPushButton>(buttonName));
        auto *dialog = openDialog<QInputDialog>("wrapNameDialog");
        QVERIFY(dialog);
        auto *edit = dialog->findChild<QLineEdit *>();
        QVERIFY(edit);
        edit->selectAll();
        QTest::keyClicks(edit, name);
        dialog->accept();
    }

    void acceptFileDialog(const char *name, const QString &path)
    {
        auto *dialog = openDialog<QFileDialog>(name);
        QVERIFY(dialog);
        dialog->selectFile(path);
        static_cast<QDialog *>(dialog)->accept();
    }

    void screenshot(const QString &name)
    {
        const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(50); // let views lay out their row editors
        QVERIFY(m_panel->grab().save(dir + QLatin1Char('/') + name));
    }

    void compareWithHand(const QString &sql, bool sorted)
    {
        QStringList got = rowTexts(gridRows());
        QStringList want = rowTexts(handRows(sql));
        QVERIFY(!want.isEmpty());
        if (sorted) {
            got.sort();
            want.sort();
        }
        QCOMPARE(got, want);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QVERIFY(m_dir.isValid());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        const QString demo = test::openDemoSession(kDb, &m_db, &m_snapshot);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
    }

    void init()
    {
        m_panel = std::make_unique<ui::QueryBuilderPanel>(m_db.get());
        m_panel->resize(1280, 800);
        m_panel->show();
        m_panel->setSnapshot(m_snapshot);
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }

    void cleanup() { m_panel.reset(); }

    void cleanupTestCase() { m_db.reset(); }

    // Seed 1: average compensation of Python resumes per workload, cast, labelled, HAVING.
    void averageCompensationOfPythonResumes()
    {
        auto *run = find<QPushButton>("queryRun");
        QVERIFY(!run->isEnabled()); // nothing to run yet
        QVERIFY(!find<QPushButton>("useAsCte")->isEnabled());
        QVERIFY(pick(find<QComboBox>("sourceTable"), s("public.resumes")));
        showTab("Columns");
        QVERIFY(tick(s("resumes"), s("workload")));
        QVERIFY(tick(s("resumes"), s("compensation")));
        QVERIFY(pick(qobject_cast<QComboBox *>(outputCell(1, 1)), s("avg")));
        QVERIFY(pick(qobject_cast<QComboBox *>(outputCell(1, 2)), s("integer")));
        typeInto(qobject_cast<QLineEdit *>(outputCell(1, 3)), s("avg_compensation"));

        showTab("Filter");
        auto *where = find<ui::FilterTreeEditor>("whereEditor");
        click(where->findChild<QToolButton *>(s("addCondition")));
        QWidget *first = where->rowWidget({0});
        QVERIFY(pick(first->findChild<QComboBox *>(s("column")), s("resumes.title")));
        QVERIFY(pickData(where->rowWidget({0})->findChild<QComboBox *>(s("op")),
                         int(Filter::Op::Contains)));
        typeInto(where->rowWidget({0})->findChild<QLineEdit *>(s("value")), s("Python"));
        click(where->findChild<QToolButton *>(s("addCondition")));
        QVERIFY(pick(where->rowWidget({1})->findChild<QComboBox *>(s("column")),
                     s("resumes.compensation")));
        QVERIFY(
            pickData(where->rowWidget({1})->findChild<QComboBox *>(s("op")), int(Filter::Op::Gt)));
        typeInto(where->rowWidget({1})->findChild<QLineEdit *>(s("value")), s("40000"));

        // The live SQL binds the pattern; the literal form shows it.
        const QString bound = m_panel->sqlView()->parameterizedText();
        QVERIFY2(bound.contains(s("$1")), qPrintable(bound));
        QVERIFY2(bound.contains(s("$2")), qPrintable(bound));
        const QString literal = m_panel->sqlView()->literalText();
        QVERIFY2(literal.contains(s("'%Python%'")), qPrintable(literal));
        QVERIFY2(!literal.contains(s("$1")), qPrintable(literal));

        showTab("Group");
        auto *groupBy = find<QListWidget>("groupByList");
        const auto matches = groupBy->findItems(s("resumes.workload"), Qt::MatchExactly);
        QCOMPARE(matches.size(), 1);
        matches.first()->setCheckState(Qt::Checked);
        auto *having = find<ui::FilterTreeEditor>("havingEditor");
        click(having->findChild<QToolButton *>(s("addCondition")));
        QVERIFY(pickData(having->rowWidget({0})->findChild<QComboBox *>(s("aggregate")),
                         int(Expr::Function::Avg)));
        QVERIFY(pick(having->rowWidget({0})->findChild<QComboBox *>(s("column")),
                     s("resumes.compensation")));
        QVERIFY(
            pickData(having->rowWidget({0})->findChild<QComboBox *>(s("op")), int(Filter::Op::Gt)));
        typeInto(having->rowWidget({0})->findChild<QLineEdit *>(s("value")), s("70000"));

        const QString sql = m_panel->sqlView()->parameterizedText();
        QVERIFY2(sql.contains(s("GROUP BY")) && sql.contains(s("HAVING")), qPrintable(sql));
        QVERIFY2(!m_panel->findChild<QLabel *>(s("sqlProblems"))->isVisible(), qPrintable(sql));
        QVERIFY(runAndWait());
        compareWithHand(test::seedAvgCompensationSql(), true);
        QAbstractItemModelTester tester(m_panel->results()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m_panel->results()->model()->headerData(1, Qt::Horizontal).toString(),
                 s("avg_compensation"));
        QVERIFY(find<QLabel>("resultStatus")->text().contains(s("row")));
        screenshot(s("query-builder-grid.png"));

        auto *showChart = find<QPushButton>("showChart");
        QVERIFY(showChart->isEnabled());
        click(showChart);
        QVERIFY(m_panel->results()->chartShown());
        QCOMPARE(m_panel->results()->chart()->categoryCount(),
                 int(handRows(test::seedAvgCompensationSql()).size()));
        QCOMPARE(m_panel->results()->chart()->seriesCount(), 1);
        showTab("Columns"); // the outputs with their aggregate, cast and label
        screenshot(s("query-builder-chart.png"));

        // Export what is shown (the result is complete).
        click(find<QPushButton>("exportResult"));
        const QString csv = m_dir.filePath(s("seed1.csv"));
        QSignalSpy exported(m_panel.get(), &ui::QueryBuilderPanel::exported);
        acceptFileDialog("exportDialog", csv);
        QVERIFY(exported.wait(10000));
        QVERIFY(find<QLabel>("resultStatus")->text().contains(s("seed1.csv")));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(text.startsWith("workload,avg_compensation\r\n"), text.constData());
        QCOMPARE(text.count("\r\n"), int(handRows(test::seedAvgCompensationSql()).size()) + 1);
    }

    // Seed 2: JOIN + window → subquery helper1 + difference → CTE helper2, ordered.
    void compensationDiffThroughSubqueryAndCte()
    {
        QVERIFY(pick(find<QComboBox>("sourceTable"), s("public.resumes")));
        typeInto(find<QLineEdit>("sourceAlias"), s("r"));
        QVERIFY(pick(find<QComboBox>("joinSuggestion"), s("r.worker_id → workers.id")));
        click(find<QPushButton>("addJoin"));
        auto *joins = find<QTreeWidget>("joinList");
        QCOMPARE(joins->topLevelItemCount(), 1);
        typeInto(qobject_cast<QLineEdit *>(joins->itemWidget(joins->topLevelItem(0), 2)), s("w"));
        QVERIFY2(m_panel->sqlView()->parameterizedText().contains(s("\"w\"")) ||
                     m_panel->sqlView()->parameterizedText().contains(s(" w")),
                 qPrintable(m_panel->sqlView()->parameterizedText()));

        showTab("Columns");
        QVERIFY(tick(s("w"), s("id")));
        QVERIFY(tick(s("w"), s("username")));
        QVERIFY(tick(s("r"), s("compensation")));
        QVERIFY(tick(s("r"), s("workload")));
        // The forms for computed columns are folded away until asked for.
        QVERIFY(!find<QTabWidget>("computedForms")->isVisible());
        click(find<QToolButton>("computedToggle"));
        find<QTabWidget>("computedForms")->setCurrentIndex(1);
        QVERIFY(pick(find<QComboBox>("windowFunction"), s("avg")));
        QVERIFY(pick(find<QComboBox>("windowArgument"), s("r.compensation")));
        auto *partition = find<QListWidget>("windowPartition");
        partition->findItems(s("r.workload"), Qt::MatchExactly).first()->setCheckState(Qt::Checked);
        QVERIFY(pick(find<QComboBox>("windowCast"), s("integer")));
        QTest::keyClicks(find<QLineEdit>("windowLabel"), s("avg_workload_compensation"));
        click(find<QPushButton>("addWindow"));
        QCOMPARE(find<QTreeWidget>("outputList")->topLevelItemCount(), 5);
        QVERIFY(find<QPushButton>("queryRun")->isEnabled());
        screenshot(s("query-builder-seed2-inner.png"));

        wrap("useAsSubquery", s("helper1"));
        QCOMPARE(m_panel->query().from.kind, model::query::Source::Kind::Subquery);
        QVERIFY(tick(s("helper1")));
        find<QTabWidget>("computedForms")->setCurrentIndex(0);
        QVERIFY(pick(find<QComboBox>("exprLeft"), s("helper1.compensation")));
        QVERIFY(pick(find<QComboBox>("exprOp"), s("-")));
        QVERIFY(pick(find<QComboBox>("exprRight"), s("helper1.avg_workload_compensation")));
        QTest::keyClicks(find<QLineEdit>("exprLabel"), s("compensation_diff"));
        click(find<QPushButton>("addExpression"));

        wrap("useAsCte", s("helper2"));
        QCOMPARE(m_panel->query().ctes.size(), 1);
        showTab("Order & Limit");
        click(find<QPushButton>("addOrder"));
        QVERIFY(pick(find<QComboBox>("orderColumn"), s("helper2.compensation_diff")));
        QVERIFY(pick(find<QComboBox>("orderDirection"), s("descending")));

        // The stack of levels, and going back to edit the inner query.
        auto *levels = find<QComboBox>("editingLevel");
        QCOMPARE(levels->count(), 3);
        QVERIFY(levels->itemText(1).contains(s("helper2")));
        QVERIFY(levels->itemText(2).contains(s("helper1")));

        const QString sql = m_panel->sqlView()->parameterizedText();
        QVERIFY2(sql.contains(s("WITH")) && sql.contains(s("OVER")), qPrintable(sql));
        QVERIFY(runAndWait());
        compareWithHand(test::seedCompensationDiffSql(), true);
        // The order holds: the differences go down.
        const auto rows = gridRows();
        const int diff = int(m_panel->results()->rows().columns.indexOf(s("compensation_diff")));
        QVERIFY(diff >= 0);
        for (int i = 1; i < rows.size(); ++i)
            if (!rows.at(i).at(diff).isNull() && !rows.at(i - 1).at(diff).isNull())
                QVERIFY(rows.at(i - 1).at(diff).toDouble() >= rows.at(i).at(diff).toDouble());
        screenshot(s("query-builder-seed2.png"));

        levels->setCurrentIndex(2);
        QVERIFY(columnItem(s("w"), s("username")));
        QCOMPARE(columnItem(s("w"), s("username"))->checkState(0), Qt::Checked);
        screenshot(s("query-builder-seed2-editing-helper1.png"));

        // Save → New → Open gives the same statement back.
        const QString before = m_panel->sqlView()->parameterizedText();
        const QString path = m_dir.filePath(s("seed2.json"));
        click(find<QPushButton>("querySave"));
        acceptFileDialog("saveQueryDialog", path);
        QVERIFY(QFile::exists(path));
        click(find<QPushButton>("queryNew"));
        QVERIFY(m_panel->sqlView()->parameterizedText().isEmpty());
        click(find<QPushButton>("queryOpen"));
        acceptFileDialog("openQueryDialog", path);
        QCOMPARE(m_panel->sqlView()->parameterizedText(), before);
        QCOMPARE(find<QComboBox>("editingLevel")->count(), 3);
    }

    // Seed 3: workers → resumes → vacancies through vacancies_replies, an OR filter.
    void workersResumesVacanciesWithOrFilter()
    {
        QVERIFY(pick(find<QComboBox>("sourceTable"), s("public.workers")));
        QVERIFY(pick(find<QComboBox>("joinSuggestion"), s("workers.id ← resumes.worker_id")));
        click(find<QPushButton>("addJoin"));
        QVERIFY(pick(find<QComboBox>("joinSuggestion"),
                     s("resumes ↔ vacancies through vacancies_replies")));
        click(find<QPushButton>("addJoin"));
        QCOMPARE(find<QTreeWidget>("joinList")->topLevelItemCount(), 3);

        showTab("Columns");
        QVERIFY(tick(s("workers"), s("username")));
        QVERIFY(tick(s("resumes"), s("title")));
        QVERIFY(tick(s("resumes"), s("workload")));
        QVERIFY(tick(s("resumes"), s("compensation")));
        QVERIFY(tick(s("vacancies"), s("title")));

        showTab("Filter");
        auto *where = find<ui::FilterTreeEditor>("whereEditor");
        QVERIFY(pickData(where->rowWidget({})->findChild<QComboBox *>(s("logic")),
                         int(Filter::Logic::Or)));
        click(where->findChild<QToolButton *>(s("addCondition")));
        QVERIFY(pick(where->rowWidget({0})->findChild<QComboBox *>(s("column")),
                     s("resumes.workload")));
        QVERIFY(
            pickData(where->rowWidget({0})->findChild<QComboBox *>(s("op")), int(Filter::Op::Eq)));
        auto *workload = where->rowWidget({0})->findChild<QComboBox *>(s("value"));
        QVERIFY(workload); // enum labels in a combo
        QVERIFY(pick(workload, s("parttime")));
        where->tree()->setCurrentItem(where->itemAt({}));
        click(where->findChild<QToolButton *>(s("addCondition")));
        QVERIFY(pick(where->rowWidget({1})->findChild<QComboBox *>(s("column")),
                     s("resumes.compensation")));
        QVERIFY(pickData(where->rowWidget({1})->findChild<QComboBox *>(s("op")),
                         int(Filter::Op::IsNull)));

        const QString sql = m_panel->sqlView()->parameterizedText();
        QVERIFY2(sql.contains(s(" OR ")), qPrintable(sql));
        // Run from the keyboard this time.
        m_panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
        QSignalSpy finished(m_panel.get(), &ui::QueryBuilderPanel::runFinished);
        QTest::keyClick(find<QComboBox>("sourceTable"), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(finished.wait(15000));
        QVERIFY(finished.first().first().toBool());
        compareWithHand(test::seedPartTimeRepliesSql(), true);
        screenshot(s("query-builder-seed3.png"));

        // The Diagram tab draws the four joined tables with the keys between them.
        showTab("Diagram");
        ui::JoinDiagram *diagram = m_panel->diagram();
        QTRY_VERIFY_WITH_TIMEOUT(!diagram->isLayingOut(), 10000);
        QCOMPARE(diagram->scene()->tableItems().size(), 4);
        QCOMPARE(diagram->scene()->edgeItems().size(), 3);
        QVERIFY(diagram->scene()->tableItem(model::TableRef{s("public"), s("vacancies_replies")}));
        screenshot(s("query-builder-diagram.png"));

        click(find<QPushButton>("exportResult"));
        const QString path = m_dir.filePath(s("seed3.json"));
        QSignalSpy exported(m_panel.get(), &ui::QueryBuilderPanel::exported);
        acceptFileDialog("exportDialog", path);
        QVERIFY(exported.wait(10000));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray json = file.readAll();
        const QJsonArray rows = QJsonDocument::fromJson(json).array();
        QCOMPARE(rows.size(), m_panel->results()->model()->rowCount());
        QVERIFY(rows.first().toObject().contains(s("username")));
        // resumes.title and vacancies.title: both kept, as row_to_json would.
        QCOMPARE(json.count("\"title\""), 2 * rows.size());
    }

    // A column neither grouped nor aggregated next to an aggregate: Run off, the reason shown.
    void validationProblemDisablesRun()
    {
        QVERIFY(pick(find<QComboBox>("sourceTable"), s("public.workers")));
        showTab("Columns");
        QVERIFY(tick(s("workers"), s("username")));
        QVERIFY(tick(s("workers"), s("id")));
        QVERIFY(find<QPushButton>("queryRun")->isEnabled());
        QVERIFY(pick(qobject_cast<QComboBox *>(outputCell(1, 1)), s("count")));
        // The builder groups by the plain column by itself, and names the count.
        auto *problems = find<QLabel>("sqlProblems");
        QVERIFY(!problems->isVisible());
        QCOMPARE(qobject_cast<QLineEdit *>(outputCell(1, 3))->text(), s("count_id"));
        showTab("Group");
        QListWidgetItem *username = find<QListWidget>("groupByList")
                                        ->findItems(s("workers.username"), Qt::MatchExactly)
                                        .first();
        QCOMPARE(username->checkState(), Qt::Checked);
        // Not grouped by it: Run is off and the reason is shown.
        username->setCheckState(Qt::Unchecked);
        QVERIFY(problems->isVisible());
        QVERIFY2(problems->text().contains(s("username")), qPrintable(problems->text()));
        QVERIFY(!find<QPushButton>("queryRun")->isEnabled());
        screenshot(s("query-builder-problem.png"));
        // Grouping by it fixes the query.
        username->setCheckState(Qt::Checked);
        QVERIFY(!problems->isVisible());
        QVERIFY(find<QPushButton>("queryRun")->isEnabled());
    }

    // A run blocked by a lock turns Run into Cancel; Cancel stops it on the server.
    void cancelsABlockedRun()
    {
        QSqlDatabase locker = test::TestCluster::instance().open(kDb);
        QSqlQuery q(locker);
        QVERIFY(q.exec(s("BEGIN")));
        QVERIFY(q.exec(s("LOCK TABLE resumes IN ACCESS EXCLUSIVE MODE")));

        QVERIFY(pick(find<QComboBox>("sourceTable"), s("public.resumes")));
        QSignalSpy finished(m_panel.get(), &ui::QueryBuilderPanel::runFinished);
        auto *run = find<QPushButton>("queryRun");
        click(run);
        QVERIFY(m_panel->isRunning());
        QCOMPARE(run->text(), s("Cancel"));
        QVERIFY(run->isEnabled());
        QTest::qWait(200);
        QVERIFY(finished.isEmpty());
        click(run);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(q.exec(s("ROLLBACK")));
        QCOMPARE(run->text(), s("Run"));
        auto *error = find<QLabel>("resultError");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(s("cancel")), qPrintable(error->text()));
        // And the next run works.
        QVERIFY(runAndWait());
        QCOMPARE(m_panel->results()->model()->rowCount(),
                 int(handRows(s("SELECT * FROM resumes")).size()));
    }

    // View → Query Builder opens one tab, which follows the schema dock's snapshot.
    void opensFromTheViewMenu()
    {
        model::LocalServer::Config unused;
        unused.rootDir = m_dir.filePath(s("never-started"));
        model::DemoServer demo(unused, migrations::installDemoSchema);
        model::ConnectionStore store;
        ui::ConnectionController connections(m_db.get(), &demo, &store);
        ui::MainWindow window(m_db.get(), &connections);
        ui::QueryBuilderMenu *menu = ui::QueryBuilderMenu::install(&window, m_db.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *action = window.findChild<QAction *>(s("actionQueryBuilder"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(s("Ctrl+Shift+B")));
        QVERIFY(!menu->builder());
        action->trigger();
        ui::QueryBuilderPanel *panel = menu->builder();
        QVERIFY(panel);
        QSignalSpy loaded(window.schemaDock(), &ui::SchemaDock::snapshotLoaded);
        window.schemaDock()->reload();
        QVERIFY(loaded.wait(10000));
        auto *source = panel->findChild<QComboBox *>(s("sourceTable"));
        QVERIFY(source->findText(s("public.resumes")) >= 0);
        action->trigger();
        QCOMPARE(menu->builder(), panel);
        QCOMPARE(window.findChildren<ui::QueryBuilderPanel *>().size(), 1);
    }

    // From SQL: a SELECT typed by hand shows in the builder as the builder's own query; one the
    // builder cannot show is named, and the dialog keeps the text.
    void handWrittenSqlShowsInTheBuilder()
    {
        click(find<QPushButton>("queryFromSql"));
        auto *dialog = openDialog<ui::SqlImportDialog>("importSqlDialog");
        QVERIFY(dialog);
        auto *text = dialog->findChild<QPlainTextEdit *>(s("importSqlText"));
        QVERIFY(text && text->toPlainText().isEmpty());
        QTest::keyClicks(text, s("SELECT username FROM workers UNION SELECT title FROM resumes"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->errorText().contains(s("UNION")), qPrintable(dialog->errorText()));
        QVERIFY(text->toPlainText().startsWith(s("SELECT username")));

        text->selectAll();
        QTest::keyClicks(text, test::seedAvgCompensationSql());
        dialog->accept();
        QTRY_VERIFY(!openDialog<ui::SqlImportDialog>("importSqlDialog"));
        QCOMPARE(m_panel->query(), test::seedAvgCompensation());
        QVERIFY(m_panel->sqlView()->literalText().contains(s("'%Python%'")));
        QVERIFY(runAndWait());
        compareWithHand(test::seedAvgCompensationSql(), false);

        // Opened again, it starts from the builder's query, ready to edit by hand.
        click(find<QPushButton>("queryFromSql"));
        dialog = openDialog<ui::SqlImportDialog>("importSqlDialog");
        QVERIFY(dialog);
        QVERIFY(dialog->findChild<QPlainTextEdit *>(s("importSqlText"))
                    ->toPlainText()
                    .contains(s("HAVING avg(\"resumes\".\"compensation\") > 70000")));
        const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(dialog->grab().save(dir + s("/query-builder-from-sql.png")));
        dialog->reject();
    }

    // The grid stops at its cap; Export runs the query again and streams every row to the file.
    void exportWritesEveryRowBeyondTheGridsCap()
    {
        auto &cluster = test::TestCluster::instance();
        QVERIFY(cluster.exec(kDb,
                             s("CREATE TABLE IF NOT EXISTS many AS "
                               "SELECT n, 'row ' || n AS label FROM generate_series(1, 25000) n")));
        QSqlDatabase sync = cluster.open(kDb);
        const auto snapshot = model::CatalogReader::read(sync);
        QVERIFY(snapshot.ok());
        m_panel->setSnapshot(snapshot.value());
        QVERIFY(pick(find<QComboBox>("sourceTable"), s("public.many")));
        QVERIFY(runAndWait());
        QCOMPARE(m_panel->results()->model()->rowCount(), int(ui::QueryBuilderPanel::kMaxRows));
        QVERIFY(find<QLabel>("resultStatus")->text().contains(s("first")));

        const QString csv = m_dir.filePath(s("many.csv"));
        click(find<QPushButton>("exportResult"));
        QSignalSpy exported(m_panel.get(), &ui::QueryBuilderPanel::exported);
        acceptFileDialog("exportDialog", csv);
        QVERIFY(exported.wait(20000));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QCOMPARE(text.count("\r\n"), 25001);
        QVERIFY(text.endsWith("25000,row 25000\r\n"));
        QVERIFY(cluster.exec(kDb, s("DROP TABLE many")));
        m_panel->setSnapshot(m_snapshot);
    }

    // A server error lands in the results area in words, not in a dialog.
    void serverErrorShownInPlace()
    {
        QVERIFY(pick(find<QComboBox>("sourceTable"), s("public.resumes")));
        showTab("Columns");
        QVERIFY(tick(s("resumes"), s("title")));
        // A cast the server refuses: the validator cannot know titles are not numbers.
        auto *cast = qobject_cast<QComboBox *>(outputCell(0, 2));
        QVERIFY(pick(cast, s("integer")));
        QVERIFY(!runAndWait());
        auto *error = find<QLabel>("resultError");
        QVERIFY(error->isVisible());
        QVERIFY(!error->text().isEmpty());
        QCOMPARE(m_panel->results()->model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestQueryBuilder)
#include "tst_querybuilder.moc"
