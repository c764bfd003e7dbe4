// The table browser's form, panels and messages as a new user meets them, against the demo
// database: one delegate paints every grid (NULL in the form's child grids too), the form
// stays on a row it just inserted, an unknown foreign key is refused in words without a popup
// eating clicks, messages go when they stop being true, the Relations panel keeps its width
// while walking, and Revert All asks first.

#include "demofixture.h"
#include "model/db/database.h"
#include "model/edit/editabletablemodel.h"
#include "testcluster.h"
#include "ui/browser/recordform.h"
#include "ui/browser/tablebrowser.h"
#include "ui/common/valuedelegate.h"
#include "ui/edit/foreignkeyeditor.h"
#include "ui/relations/relationinspector.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QtTest>

#include <functional>

using namespace dbx;
using model::EditableTableModel;
using ui::TableBrowser;

namespace {

const QString kDb = QStringLiteral("browser_panels");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QVariant scalar(const QString &sql)
{
    QSqlQuery q(test::TestCluster::instance().open(kDb));
    if (!q.exec(sql) || !q.next())
        return QStringLiteral("<failed: %1>").arg(sql);
    return q.value(0);
}

void whenModal(std::function<void(QWidget *)> act)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        if (QWidget *modal = QApplication::activeModalWidget()) {
            timer->stop();
            timer->deleteLater();
            act(modal);
        }
    });
    timer->start();
}

} // namespace

class TestBrowserPanels : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<model::Database> m_db;
    model::SchemaSnapshot m_snapshot;

    std::unique_ptr<TableBrowser> open(const char *table, const QSize &size = {1100, 640})
    {
        auto browser = std::make_unique<TableBrowser>(
            m_db.get(), nullptr, *m_snapshot.table(s("public"), s(table)), m_snapshot);
        browser->resize(size);
        browser->show();
        if (!QTest::qWaitForWindowExposed(browser.get()))
            return {};
        browser->activateWindow();
        if (!QTest::qWaitFor([&] { return browser->model()->source()->isRowLoaded(0); }, 10000))
            return {};
        return browser;
    }

    static int col(TableBrowser &b, const char *name)
    {
        return int(b.model()->source()->query().columns().indexOf(s(name)));
    }

    static bool commitAndWait(TableBrowser &b)
    {
        QSignalSpy done(b.model(), &EditableTableModel::commitFinished);
        if (!b.commit())
            return false;
        return done.wait(10000);
    }

    static void typeIntoField(QLineEdit *field, const QString &text)
    {
        field->setFocus();
        field->selectAll();
        QTest::keyClicks(field, text);
        QTest::keyClick(field, Qt::Key_Return);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        const QString demo = test::openDemoSession(kDb, &m_db, &m_snapshot);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
    }

    void cleanupTestCase() { m_db.reset(); }

    // NULL looks the same in the form's grid of resumes as in the resumes grid.
    void childGridsPaintNullLikeTheGrid()
    {
        auto b = open("workers");
        QVERIFY(b);
        // Misha (3) has a resume without a compensation.
        const int misha = scalar(s("SELECT count(*) FROM workers WHERE id < 3")).toInt();
        b->selectCell(misha, 1);
        b->setFormVisible(true);
        QTableView *resumes = b->form()->childGrids().value(0);
        QVERIFY(resumes);
        QTRY_VERIFY(
            resumes->model()->rowCount() > 0 &&
            resumes->model()->index(0, 0).data(model::TableDataModel::IsLoadedRole).toBool());
        QModelIndex nullCell;
        for (int r = 0; r < resumes->model()->rowCount(); ++r) {
            for (int c = 0; c < resumes->model()->columnCount(); ++c) {
                const QModelIndex i = resumes->model()->index(r, c);
                if (i.data(model::TableDataModel::IsNullRole).toBool())
                    nullCell = i;
            }
        }
        QVERIFY(nullCell.isValid());
        QVERIFY(qobject_cast<ui::ValueDelegate *>(resumes->itemDelegateForIndex(nullCell)));
        QCOMPARE(ui::ValueDelegate::cellText(nullCell), s("NULL"));
        QVERIFY(qobject_cast<ui::ValueDelegate *>(b->view()->itemDelegate()));
        // The Relations panel's rows too.
        auto *related = b->relations()->findChild<QTableWidget *>(s("relatedRows"));
        QVERIFY(qobject_cast<ui::ValueDelegate *>(related->itemDelegate()));
    }

    // After Commit the form shows the row just inserted, and the row actions act on it.
    void formStaysOnTheCommittedInsert()
    {
        auto b = open("workers");
        QVERIFY(b);
        b->setFormVisible(true);
        b->action(TableBrowser::Action::Insert)->trigger();
        auto *name = qobject_cast<QLineEdit *>(b->form()->editor(col(*b, "username")));
        QVERIFY(name);
        typeIntoField(name, s("Barsuk"));
        QVERIFY(commitAndWait(*b));
        const int rows = scalar(s("SELECT count(*) FROM workers")).toInt();
        auto *position = b->form()->findChild<QLabel *>(s("formPosition"));
        QTRY_COMPARE_WITH_TIMEOUT(position->text(), QStringLiteral("Row %1 of %1").arg(rows),
                                  10000);
        QCOMPARE(name->text(), s("Barsuk"));
        QCOMPARE(b->view()->currentIndex().row(), rows - 1);
        QVERIFY(b->action(TableBrowser::Action::Duplicate)->isEnabled());
        QVERIFY(b->action(TableBrowser::Action::Delete)->isEnabled());
        // An update keeps its row too.
        b->form()->setCurrentRow(1);
        typeIntoField(name, s("Volk2"));
        QVERIFY(commitAndWait(*b));
        QTRY_COMPARE(position->text(), QStringLiteral("Row 2 of %1").arg(rows));
        QCOMPARE(name->text(), s("Volk2"));
    }

    // 4242 is no worker: said under the field, nothing pending, and no popup that takes the
    // next clicks for closing itself.
    void unknownForeignKeyIsRefusedInWords()
    {
        auto b = open("resumes");
        QVERIFY(b);
        b->selectCell(0, 1);
        b->setFormVisible(true);
        const int worker = col(*b, "worker_id");
        auto *editor = qobject_cast<ui::ForeignKeyEditor *>(b->form()->editor(worker));
        QVERIFY(editor);
        const QString before = editor->key();
        auto *text = editor->findChild<QLineEdit *>(s("foreignKeyText"));
        text->setFocus();
        text->selectAll();
        QTest::keyClicks(text, s("4242"));
        QTest::keyClick(text, Qt::Key_Return);
        auto *popup = editor->findChild<QListWidget *>(s("foreignKeyPopup"));
        QLabel *problem = nullptr;
        QTRY_VERIFY((problem = [&]() -> QLabel * {
            for (QLabel *l : b->form()->findChildren<QLabel *>())
                if (l->isVisible() && l->text().contains(s("4242")))
                    return l;
            return nullptr;
        }()));
        QVERIFY2(problem->text().contains(s("worker_id = 4242 does not match any row of workers")),
                 qPrintable(problem->text()));
        QVERIFY(!popup->isVisible());
        QVERIFY(!b->model()->hasPendingChanges());
        QCOMPARE(editor->key(), before);
        QVERIFY(!text->text().contains(s("4242")));
        // The next click on the form's navigation does what it says.
        QTest::mouseClick(b->form()->findChild<QToolButton *>(s("formNext")), Qt::LeftButton);
        QCOMPARE(b->form()->currentRow(), 1);
        QVERIFY(!problem->isVisible()); // about the row left behind
    }

    // A message describes the current state or goes.
    void messagesGoWhenTheyStopBeingTrue()
    {
        auto b = open("resumes");
        QVERIFY(b);
        const int pay = col(*b, "compensation");
        QVERIFY(b->model()->setData(b->model()->index(0, pay), 0));
        QVERIFY(!b->commit());
        QVERIFY2(b->message().contains(s("compensation must be greater than 0")),
                 qPrintable(b->message()));
        QVERIFY(b->model()->setData(b->model()->index(0, pay), 1000));
        QVERIFY2(b->message().isEmpty(), qPrintable(b->message()));

        QVERIFY(commitAndWait(*b));
        QVERIFY(b->message().startsWith(s("Committed")));
        QTRY_VERIFY(b->model()->source()->isRowLoaded(0));
        QVERIFY(b->model()->setData(b->model()->index(0, pay), 2000));
        QVERIFY2(b->message().isEmpty(), qPrintable(b->message()));
        b->model()->revertAll();
    }

    // updated_at comes back from the server longer than the grid was sized for: the column
    // grows to show it.
    void committedValuesAreNotCut()
    {
        auto b = open("resumes");
        QVERIFY(b);
        const int updated = col(*b, "updated_at");
        QVERIFY(b->model()->setData(b->model()->index(0, col(*b, "title")), s("Python lead")));
        QVERIFY(commitAndWait(*b));
        const QModelIndex cell = b->model()->index(0, updated);
        QTRY_VERIFY(cell.data(model::TableDataModel::IsLoadedRole).toBool() &&
                    cell.data().toString().size() > 19);
        QStyleOptionViewItem option;
        option.initFrom(b->view()->viewport());
        const int needed = b->view()->itemDelegate()->sizeHint(option, cell).width();
        QTRY_VERIFY2(b->view()->columnWidth(updated) >= needed,
                     qPrintable(QStringLiteral("%1 px for %2 px of \"%3\"")
                                    .arg(b->view()->columnWidth(updated))
                                    .arg(needed)
                                    .arg(cell.data().toString())));
    }

    // The breadcrumb must not move under the mouse: the panel's width is the same at every step.
    void relationsPanelKeepsItsWidthWhileWalking()
    {
        auto b = open("resumes", {700, 640});
        QVERIFY(b);
        b->selectCell(0, 1);
        b->action(TableBrowser::Action::ToggleRelations)->trigger();
        ui::RelationInspector *inspector = b->relations();
        auto *list = inspector->findChild<QListWidget *>(s("relationList"));
        auto *rows = inspector->findChild<QTableWidget *>(s("relatedRows"));
        QTRY_VERIFY(list->count() > 0);
        QTest::qWait(100);
        const int width = inspector->width();
        // resume → its worker → that worker's resumes → a vacancy it replied to.
        for (int step = 0; step < 6; ++step) {
            QTRY_VERIFY(list->count() > 0);
            list->setCurrentRow(step == 1 ? qMax(0, list->count() - 1) : 0);
            QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 0, 10000);
            inspector->follow(0);
            QTRY_COMPARE(inspector->pathTables().size(), step + 2);
            QTest::qWait(100);
            QCOMPARE(inspector->width(), width);
        }
    }

    void revertAllAsksFirst()
    {
        auto b = open("workers");
        QVERIFY(b);
        QVERIFY(b->model()->setData(b->model()->index(0, 1), s("Kept")));
        whenModal([](QWidget *modal) {
            auto *box = qobject_cast<QMessageBox *>(modal);
            QVERIFY(box);
            QVERIFY(box->text().contains(s("1 pending change")));
            box->button(QMessageBox::Cancel)->click();
        });
        b->action(TableBrowser::Action::RevertAll)->trigger();
        QVERIFY(b->model()->hasPendingChanges());
        whenModal([](QWidget *modal) {
            qobject_cast<QMessageBox *>(modal)->button(QMessageBox::Discard)->click();
        });
        b->action(TableBrowser::Action::RevertAll)->trigger();
        QVERIFY(!b->model()->hasPendingChanges());
        QVERIFY(b->message().contains(s("discarded")));
    }
};

QTEST_MAIN(TestBrowserPanels)
#include "tst_browserpanels.moc"
