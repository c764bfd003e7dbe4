// The query builder in the window at its default size, as a new user meets it: the seed's
// average-compensation query built in half the clicks it used to take (34), outputs that can
// be read, a column list that shows its columns, conditions that do not complain before they
// are filled in, HAVING offering the outputs, count(*) among the aggregates, and Tab moving
// from one output's label to the next output.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/connection/connectionstore.h"
#include "model/db/database.h"
#include "model/query/querysql.h"
#include "model/server/demoserver.h"
#include "popupmenu.h"
#include "seedqueries.h"
#include "testcluster.h"
#include "ui/common/sqlview.h"
#include "ui/connection/connectioncontroller.h"
#include "ui/querybuilder/filtertreeeditor.h"
#include "ui/querybuilder/querybuildermenu.h"
#include "ui/querybuilder/querybuilderpanel.h"
#include "ui/schema/schemadock.h"
#include "ui/shell/mainwindow.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

#include <functional>

using namespace dbx;

namespace {

const QString kDb = QStringLiteral("builder_flow");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

using dbx::test::whenMenu;

QAction *actionIn(QMenu *menu, const QString &textOrName)
{
    for (QAction *action : menu->actions()) {
        if (action->objectName() == textOrName || action->text() == textOrName)
            return action;
    }
    return nullptr;
}

// What a user does, counted the way the issue counted: a click, a choice from a list or a
// menu (two: open it, pick), a field typed into.
struct User {
    int actions = 0;

    void click(QAbstractButton *button)
    {
        ++actions;
        QTest::mouseClick(button, Qt::LeftButton);
    }
    bool pick(QComboBox *combo, const QString &text)
    {
        actions += 2;
        const int index = combo ? combo->findText(text) : -1;
        if (index < 0)
            return false;
        combo->setCurrentIndex(index);
        emit combo->activated(index);
        return true;
    }
    void type(QWidget *field, const QString &text)
    {
        ++actions;
        QVERIFY(field);
        field->setFocus();
        if (auto *line = qobject_cast<QLineEdit *>(field))
            line->selectAll();
        QTest::keyClicks(field, text);
        QTest::keyClick(field, Qt::Key_Return);
    }
    bool rightClick(QTreeWidget *tree, QTreeWidgetItem *item, const char *action)
    {
        actions += 2;
        bool found = false;
        whenMenu([&found, action](QMenu *menu) {
            if (QAction *a = actionIn(menu, QLatin1String(action))) {
                found = true;
                a->trigger();
            }
        });
        emit tree->customContextMenuRequested(tree->visualItemRect(item).center());
        return found;
    }
    // The arrow of a menu button, an entry, and in its submenu a choice.
    bool menu(QToolButton *button, const QString &entry, const QString &choice)
    {
        actions += 2;
        bool found = false;
        whenMenu([&found, entry, choice](QMenu *menu) {
            QAction *sub = actionIn(menu, entry);
            QAction *a = sub && sub->menu() ? actionIn(sub->menu(), choice) : nullptr;
            if (a) {
                found = true;
                a->trigger();
            }
        });
        button->showMenu();
        return found;
    }
};

} // namespace

class TestQueryBuilderFlow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<model::DemoServer> m_demo;
    std::unique_ptr<model::ConnectionStore> m_store;
    std::unique_ptr<model::Database> m_database;
    std::unique_ptr<ui::ConnectionController> m_connections;
    std::unique_ptr<ui::MainWindow> m_window;
    ui::QueryBuilderMenu *m_queries = nullptr;
    ui::QueryBuilderPanel *m_panel = nullptr;

    template <typename T> T *find(const char *name) const
    {
        return m_panel->findChild<T *>(QLatin1String(name));
    }

    QTreeWidgetItem *columnItem(const char *source, const char *column) const
    {
        auto *tree = find<QTreeWidget>("columnTree");
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *parent = tree->topLevelItem(i);
            for (int c = 0; c < parent->childCount(); ++c) {
                if (parent->child(c)->text(0) == QLatin1String(column) &&
                    parent->text(0).startsWith(QLatin1String(source)))
                    return parent->child(c);
            }
        }
        return nullptr;
    }

    QWidget *outputCell(int row, int column) const
    {
        auto *list = find<QTreeWidget>("outputList");
        return list->itemWidget(list->topLevelItem(row), column);
    }

    void showTab(const QString &title)
    {
        auto *tabs = find<QTabWidget>("editorTabs");
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).remove(u'&') == title)
                tabs->setCurrentIndex(i);
    }

    // Where typing goes now: the field an action put the cursor in.
    QWidget *focused() const
    {
        return QApplication::focusWidget() ? QApplication::focusWidget() : m_window->focusWidget();
    }

    bool problemsShown() const { return find<QLabel>("sqlProblems")->isVisible(); }

    static QString sqlWithValues(const model::query::Query &query)
    {
        const model::Statement g = model::query::toSql(query);
        QStringList values;
        for (const QVariant &v : g.params)
            values << v.toString();
        return g.sql + s(" -- ") + values.join(s(", "));
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        const QString fixture = test::freshDemoDatabase(kDb);
        QVERIFY2(fixture.isEmpty(), qPrintable(fixture));
        model::LocalServer::Config unused;
        unused.rootDir = m_settingsDir.path() + s("/never-started");
        m_demo = std::make_unique<model::DemoServer>(unused, migrations::installDemoSchema);
        m_store = std::make_unique<model::ConnectionStore>();
        m_database = std::make_unique<model::Database>();
        m_connections = std::make_unique<ui::ConnectionController>(m_database.get(), m_demo.get(),
                                                                   m_store.get());
        m_window = std::make_unique<ui::MainWindow>(m_database.get(), m_connections.get());
        m_queries = ui::QueryBuilderMenu::install(m_window.get(), m_database.get());
        m_window->show(); // at its default size
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QSignalSpy loaded(m_window->schemaDock(), &ui::SchemaDock::snapshotLoaded);
        m_connections->connectTo(test::TestCluster::instance().spec(kDb), false);
        QVERIFY(loaded.wait(15000));
    }

    void init()
    {
        m_panel = m_queries->showBuilder();
        QVERIFY(m_panel);
        m_panel->newQuery();
        QTest::qWait(50);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_connections.reset();
        m_database.reset();
    }

    // 34 clicks and fields before; now half: GROUP BY and the label come by themselves, a
    // column's menu aggregates or filters it, a condition's menu picks column and comparison.
    void averageCompensationInHalfTheClicks()
    {
        User user;
        QVERIFY(user.pick(find<QComboBox>("sourceTable"), s("public.resumes")));
        showTab(s("Columns")); // the tab the builder opens on
        QTreeWidgetItem *workload = columnItem("resumes", "workload");
        QVERIFY(workload);
        ++user.actions; // its check box
        workload->setCheckState(0, Qt::Checked);
        QVERIFY(user.rightClick(find<QTreeWidget>("columnTree"),
                                columnItem("resumes", "compensation"), "aggregate_avg"));
        auto *cast = qobject_cast<QComboBox *>(outputCell(1, 2));
        QVERIFY(cast);
        user.type(cast->lineEdit(), s("integer"));
        QVERIFY(user.rightClick(find<QTreeWidget>("columnTree"), columnItem("resumes", "title"),
                                "filterOnColumn"));
        auto *where = find<ui::FilterTreeEditor>("whereEditor");
        QVERIFY(where->isVisible());
        user.type(focused(), s("Python"));
        QVERIFY(user.menu(where->findChild<QToolButton *>(s("addCondition")),
                          s("resumes.compensation"), s(">")));
        user.type(focused(), s("40000"));
        ++user.actions; // the Group tab
        showTab(s("Group"));
        auto *having = find<ui::FilterTreeEditor>("havingEditor");
        QVERIFY(user.menu(having->findChild<QToolButton *>(s("addCondition")),
                          s("avg_compensation"), s(">")));
        user.type(focused(), s("70000"));

        QVERIFY2(!problemsShown(), qPrintable(find<QLabel>("sqlProblems")->text()));
        QCOMPARE(sqlWithValues(m_panel->query()), sqlWithValues(test::seedAvgCompensation()));
        QVERIFY(find<QPushButton>("queryRun")->isEnabled());
        qInfo("%d clicks and fields", user.actions);
        QVERIFY2(user.actions <= 17, qPrintable(QString::number(user.actions)));
    }

    void outputsAndColumnsCanBeRead()
    {
        auto *source = find<QComboBox>("sourceTable");
        source->setCurrentIndex(source->findText(s("public.resumes")));
        for (const char *column : {"workload", "compensation", "created_at"})
            columnItem("resumes", column)->setCheckState(0, Qt::Checked);
        auto *outputs = find<QTreeWidget>("outputList");
        for (int row = 0; row < outputs->topLevelItemCount(); ++row) {
            const QString text = outputs->topLevelItem(row)->text(0);
            const int needed = outputs->fontMetrics().horizontalAdvance(text) + 12;
            QVERIFY2(outputs->columnWidth(0) >= needed,
                     qPrintable(QStringLiteral("\"%1\" needs %2 px, has %3")
                                    .arg(text)
                                    .arg(needed)
                                    .arg(outputs->columnWidth(0))));
        }
        // The columns of resumes and their source line, not three rows of them.
        auto *tree = find<QTreeWidget>("columnTree");
        const int rows = tree->viewport()->height() / qMax(1, tree->sizeHintForRow(0));
        QVERIFY2(rows >= 8, qPrintable(QString::number(rows)));
    }

    void aNewConditionWaitsToBeFilledIn()
    {
        auto *source = find<QComboBox>("sourceTable");
        source->setCurrentIndex(source->findText(s("public.resumes")));
        showTab(s("Filter"));
        auto *where = find<ui::FilterTreeEditor>("whereEditor");
        QTest::mouseClick(where->findChild<QToolButton *>(s("addCondition")), Qt::LeftButton);
        QVERIFY(where->rowWidget({0}));
        QVERIFY2(!problemsShown(), qPrintable(find<QLabel>("sqlProblems")->text()));
        QVERIFY(!m_panel->sqlView()->parameterizedText().contains(s("WHERE")));
        // Once edited, it counts: an operator without a value is a problem then.
        auto *op = where->rowWidget({0})->findChild<QComboBox *>(s("op"));
        op->setCurrentIndex(op->count() - 1 > 1 ? 1 : 0);
        auto *value = where->rowWidget({0})->findChild<QLineEdit *>(s("value"));
        if (value) {
            value->setFocus();
            QTest::keyClicks(value, s("Python"));
        }
        QVERIFY(m_panel->sqlView()->parameterizedText().contains(s("WHERE")));
    }

    void havingOffersOutputsAndOutputsOfferCountAll()
    {
        auto *source = find<QComboBox>("sourceTable");
        source->setCurrentIndex(source->findText(s("public.resumes")));
        columnItem("resumes", "workload")->setCheckState(0, Qt::Checked);
        columnItem("resumes", "compensation")->setCheckState(0, Qt::Checked);
        auto *aggregate = qobject_cast<QComboBox *>(outputCell(1, 1));
        QVERIFY(aggregate->findText(s("count(*)")) >= 0);
        aggregate->setCurrentIndex(aggregate->findText(s("avg")));
        QCOMPARE(qobject_cast<QLineEdit *>(outputCell(1, 3))->text(), s("avg_compensation"));
        showTab(s("Group"));
        auto *having = find<ui::FilterTreeEditor>("havingEditor");
        QTest::mouseClick(having->findChild<QToolButton *>(s("addCondition")), Qt::LeftButton);
        auto *column = having->rowWidget({0})->findChild<QComboBox *>(s("column"));
        QVERIFY(column->findText(s("avg_compensation")) >= 0);
        column->setCurrentIndex(column->findText(s("avg_compensation")));
        auto *value = having->rowWidget({0})->findChild<QLineEdit *>(s("value"));
        QVERIFY(value);
        value->setFocus();
        QTest::keyClicks(value, s("70000"));
        QVERIFY2(m_panel->sqlView()->parameterizedText().contains(
                     s("HAVING avg(\"resumes\".\"compensation\")")),
                 qPrintable(m_panel->sqlView()->parameterizedText()));
        // count(*) as an output of its own.
        showTab(s("Columns"));
        aggregate = qobject_cast<QComboBox *>(outputCell(0, 1));
        aggregate->setCurrentIndex(aggregate->findText(s("count(*)")));
        QVERIFY2(m_panel->sqlView()->parameterizedText().contains(s("count(*) AS \"count\"")),
                 qPrintable(m_panel->sqlView()->parameterizedText()));
    }

    void tabMovesFromALabelToTheNextOutput()
    {
        auto *source = find<QComboBox>("sourceTable");
        source->setCurrentIndex(source->findText(s("public.resumes")));
        columnItem("resumes", "workload")->setCheckState(0, Qt::Checked);
        columnItem("resumes", "compensation")->setCheckState(0, Qt::Checked);
        auto *label = qobject_cast<QLineEdit *>(outputCell(0, 3));
        label->setFocus();
        QTest::keyClick(label, Qt::Key_Tab);
        QCOMPARE(focused(), outputCell(1, 1));
    }
};

QTEST_MAIN(TestQueryBuilderFlow)
#include "tst_querybuilderflow.moc"
