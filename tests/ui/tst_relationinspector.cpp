// The relationship inspector driven through its widgets against the demo database: from a
// worker to one of its resumes, on to a vacancy it replied to through vacancies_replies, and
// back through the breadcrumb; a reply with a cover letter added as a pending link, committed
// and removed again; a duplicate link refused by the server, with the pending change kept and
// the reason shown in plain words; links edited from the vacancy's side, a new link dropped by
// Remove and a removal taken back by Revert.

#include "demofixture.h"
#include "migrations/demoschema.h"
#include "model/catalog/catalogreader.h"
#include "model/db/database.h"
#include "model/demo/demodatabase.h"
#include "testcluster.h"
#include "ui/edit/foreignkeyeditor.h"
#include "ui/common/sqlpreviewdialog.h"
#include "ui/relations/relationinspector.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <functional>

using namespace dbx;
using ui::RelationInspector;

namespace {

const QString kDb = QStringLiteral("inspector_demo");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

model::TableRef table(const char *name)
{
    return model::TableRef{s("public"), s(name)};
}

QVariant scalar(const QString &sql)
{
    QSqlQuery q(test::TestCluster::instance().open(kDb));
    if (!q.exec(sql) || !q.next())
        return QStringLiteral("<failed: %1>").arg(sql);
    return q.value(0);
}

void snap(QWidget *widget, const char *name)
{
    const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->window()->grab().save(dir + QLatin1Char('/') + s(name) + s(".png"));
}

// Acts on the next modal dialog once it is shown (exec() blocks the test until it closes).
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

class TestRelationInspector : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<model::Database> m_db;
    model::SchemaSnapshot m_snapshot;
    QTemporaryDir m_settingsDir;

    std::unique_ptr<RelationInspector> make()
    {
        auto inspector = std::make_unique<RelationInspector>(m_db.get(), m_snapshot);
        inspector->resize(760, 620);
        inspector->show();
        if (!QTest::qWaitForWindowExposed(inspector.get()))
            return {};
        return inspector;
    }

    static QListWidget *relations(RelationInspector &i)
    {
        return i.findChild<QListWidget *>(s("relationList"));
    }
    static QTableWidget *grid(RelationInspector &i)
    {
        return i.findChild<QTableWidget *>(s("relatedRows"));
    }
    static QString text(RelationInspector &i, const char *label)
    {
        auto *l = i.findChild<QLabel *>(s(label));
        return l ? l->text() : s("<no label>");
    }
    static QPushButton *button(RelationInspector &i, const char *name)
    {
        return i.findChild<QPushButton *>(s(name));
    }

    static QStringList relationLabels(RelationInspector &i)
    {
        QStringList out;
        for (int r = 0; r < relations(i)->count(); ++r)
            out << relations(i)->item(r)->text();
        return out;
    }

    // Clicks the relationship labelled `label` and waits for its rows.
    static bool choose(RelationInspector &i, const char *label)
    {
        if (!QTest::qWaitFor([&] { return relationLabels(i).contains(s(label)); }, 10000)) {
            qWarning("no relationship %s among %s", label,
                     qPrintable(relationLabels(i).join(s(" | "))));
            return false;
        }
        QListWidget *list = relations(i);
        QListWidgetItem *item = list->findItems(s(label), Qt::MatchExactly).value(0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(item).center());
        return list->currentItem() == item &&
               QTest::qWaitFor([&] { return text(i, "relatedStatus").contains(s("related row")); },
                               10000);
    }

    static int column(QTableWidget *g, const char *name)
    {
        for (int c = 0; c < g->columnCount(); ++c) {
            if (g->horizontalHeaderItem(c)->text() == s(name))
                return c;
        }
        return -1;
    }

    // The grid row whose `columnName` shows `value`, or -1.
    static int rowWith(QTableWidget *g, const char *columnName, const char *value)
    {
        const int c = column(g, columnName);
        for (int r = 0; c >= 0 && r < g->rowCount(); ++r) {
            if (g->item(r, c) && g->item(r, c)->text() == s(value))
                return r;
        }
        return -1;
    }

    // Press, release, double-click, release straight to the grid: QTest::mouseDClick through
    // the offscreen window loses the second press after the grid was refilled.
    static void doubleClick(QTableWidget *g, int row)
    {
        const QPoint at = g->visualItemRect(g->item(row, 0)).center();
        const QPoint global = g->viewport()->mapToGlobal(at);
        for (QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease,
                                  QEvent::MouseButtonDblClick, QEvent::MouseButtonRelease}) {
            const bool down = type != QEvent::MouseButtonRelease;
            QMouseEvent event(type, at, global, Qt::LeftButton,
                              down ? Qt::LeftButton : Qt::NoButton, Qt::NoModifier);
            QApplication::sendEvent(g->viewport(), &event);
        }
    }

    static void selectRow(QTableWidget *g, int row)
    {
        QTest::mouseClick(g->viewport(), Qt::LeftButton, {},
                          g->visualItemRect(g->item(row, 0)).center());
    }

    // Goes through the Add link dialog: searches `search`, picks the row whose popup text
    // starts with `pick`, types the cover letter and confirms.
    static void addLink(RelationInspector &i, const char *search, const char *pick,
                        const char *coverLetter, bool *done)
    {
        whenModal([=](QWidget *modal) {
            auto *dialog = qobject_cast<QDialog *>(modal);
            QVERIFY(dialog && dialog->objectName() == s("addLinkDialog"));
            auto *editor = dialog->findChild<ui::ForeignKeyEditor *>(s("linkTarget"));
            QVERIFY(editor);
            auto *field = editor->findChild<QLineEdit *>(s("foreignKeyText"));
            auto *popup = editor->findChild<QListWidget *>(s("foreignKeyPopup"));
            QTest::keyClicks(field, s(search));
            QListWidgetItem *item = nullptr;
            QTRY_VERIFY(popup->isVisible() && popup->count() > 0 &&
                        (item = [&]() -> QListWidgetItem * {
                            for (int r = 0; r < popup->count(); ++r) {
                                if (popup->item(r)->text().startsWith(s(pick)))
                                    return popup->item(r);
                            }
                            return nullptr;
                        }()));
            QTest::mouseClick(popup->viewport(), Qt::LeftButton, {},
                              popup->visualItemRect(item).center());
            QTRY_VERIFY(!editor->key().isEmpty());
            auto *letter = dialog->findChild<QLineEdit *>(s("linkAttribute_cover_letter"));
            QVERIFY(letter);
            QTest::keyClicks(letter, s(coverLetter));
            snap(dialog, "relation-add-link");
            QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
            QVERIFY(ok->isEnabled());
            QTest::mouseClick(ok, Qt::LeftButton);
            *done = true;
        });
        QTest::mouseClick(button(i, "addLink"), Qt::LeftButton);
    }

private slots:
    void initTestCase()
    {
        DBX_REQUIRE_CLUSTER();
        // Conditional relationships come from the settings: keep the user's out of the test.
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setDefaultFormat(QSettings::IniFormat);
        const QString demo = dbx::test::openDemoSession(kDb, &m_db, &m_snapshot);
        QVERIFY2(demo.isEmpty(), qPrintable(demo));
    }

    void cleanupTestCase() { m_db.reset(); }

    // The demo's saved condition (the seed's part-time resumes, newest first) is listed as a
    // relationship of its own under the plain one, counted and shown with its filter and order.
    void listsTheDemosConditionalRelationship()
    {
        {
            QSettings settings;
            model::DemoDatabase::rememberConditions(settings);
        }
        auto i = make();
        QVERIFY(i);
        i->showRow(table("workers"), {s("8")});
        QTRY_VERIFY(relationLabels(*i).contains(s("resumes (2)")));
        const QStringList labels = relationLabels(*i);
        QCOMPARE(labels.value(labels.indexOf(s("resumes (2)")) + 1),
                 s("\u21b3 part-time resumes (2)"));
        QVERIFY(choose(*i, "\u21b3 part-time resumes (2)"));
        QTableWidget *g = grid(*i);
        QCOMPARE(g->rowCount(), 2);
        const int id = column(g, "id");
        QCOMPARE(g->item(0, id)->text(), s("16"));
        QCOMPARE(g->item(1, id)->text(), s("15"));
        snap(i.get(), "relation-inspector-conditional");
        // Once saved, a user's removal sticks: the demo does not put it back.
        QSettings settings;
        settings.remove(s("relations/conditions"));
        model::DemoDatabase::rememberConditions(settings);
        QVERIFY(settings.childGroups().isEmpty() ||
                !settings.allKeys().join(s(",")).contains(s("conditions/")));
    }

    void walksFromAWorkerToAVacancyAndBack()
    {
        auto i = make();
        QVERIFY(i);
        i->showRow(table("workers"), {s("1")});
        QTRY_COMPARE(text(*i, "rowTitle"), s("workers #1 · Bobr"));
        QVERIFY(choose(*i, "resumes (2)"));
        QTableWidget *g = grid(*i);
        QCOMPARE(g->rowCount(), 2);

        // Open asks the owner for a record window of the selected resume.
        QSignalSpy open(i.get(), &RelationInspector::openRecord);
        selectRow(g, rowWith(g, "id", "2"));
        QTest::mouseClick(button(*i, "openRelated"), Qt::LeftButton);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().value(0).toString(), s("public"));
        QCOMPARE(open.first().value(1).toString(), s("resumes"));
        QCOMPARE(open.first().value(2).toString(), s("id"));
        QCOMPARE(open.first().value(3).toString(), s("2"));

        // Into the resume.
        doubleClick(g, rowWith(g, "id", "2"));
        QTRY_COMPARE(text(*i, "rowTitle"), s("resumes #2 · Python Junior Developer"));
        QCOMPARE(i->pathTables(), (QList<model::TableRef>{table("workers"), table("resumes")}));
        QTRY_COMPARE(relationLabels(*i),
                     (QStringList{s("worker (many-to-one)"), s("vacancies_replies (2)"),
                                  s("vacancies via vacancies_replies (2)")}));

        // Through the association table, with the reply's cover letter beside each vacancy.
        QVERIFY(choose(*i, "vacancies via vacancies_replies (2)"));
        QVERIFY(column(g, "cover_letter (link)") >= 0);
        const int python = rowWith(g, "title", "Python developer");
        QVERIFY(python >= 0);
        QCOMPARE(g->item(python, column(g, "cover_letter (link)"))->text(),
                 s("Junior, eager to learn, strong SQL."));
        QCOMPARE(g->item(rowWith(g, "id", "8"), column(g, "cover_letter (link)"))->text(),
                 s("NULL"));
        doubleClick(g, python);
        QTRY_COMPARE(text(*i, "rowTitle"), s("vacancies #1 · Python developer"));
        QTRY_VERIFY(relationLabels(*i).contains(s("resumes via vacancies_replies (5)")));

        // The breadcrumb names every step; the current one is not a link.
        auto *crumb0 = i->findChild<QToolButton *>(s("crumb_0"));
        auto *crumb1 = i->findChild<QToolButton *>(s("crumb_1"));
        auto *crumb2 = i->findChild<QLabel *>(s("crumb_2"));
        QVERIFY(crumb0 && crumb1 && crumb2);
        QCOMPARE(crumb0->text(), s("workers #1"));
        QCOMPARE(crumb1->text(), s("resumes #2"));
        QCOMPARE(crumb2->text(), s("vacancies #1"));
        QVERIFY(!i->findChild<QToolButton *>(s("crumb_2")));
        snap(i.get(), "relation-walk");

        // Back one step: the resume, with the relationship that was open there.
        QTest::mouseClick(crumb1, Qt::LeftButton);
        QTRY_COMPARE(text(*i, "rowTitle"), s("resumes #2 · Python Junior Developer"));
        QCOMPARE(i->pathTables().size(), 2);
        QTRY_VERIFY(relations(*i)->currentItem() && relations(*i)->currentItem()->text() ==
                                                        s("vacancies via vacancies_replies (2)"));
        QTRY_COMPARE(grid(*i)->rowCount(), 2);
        // And the resume's worker, many-to-one, leads back to the worker.
        QVERIFY(choose(*i, "worker (many-to-one)"));
        QCOMPARE(g->rowCount(), 1);
        QCOMPARE(g->item(0, column(g, "username"))->text(), s("Bobr"));
        QTest::mouseClick(i->findChild<QToolButton *>(s("crumb_0")), Qt::LeftButton);
        QTRY_COMPARE(text(*i, "rowTitle"), s("workers #1 · Bobr"));
        QCOMPARE(i->pathKeys(), QList<QVariantList>{{s("1")}});
        QTRY_VERIFY(relations(*i)->currentItem() &&
                    relations(*i)->currentItem()->text() == s("resumes (2)"));
    }

    void addsAndRemovesALinkWithItsCoverLetter()
    {
        auto i = make();
        QVERIFY(i);
        const QString stored =
            s("SELECT count(*) FROM vacancies_replies WHERE resume_id = 4 AND vacancy_id = 3");
        QCOMPARE(scalar(stored).toInt(), 0);
        i->showRow(table("resumes"), {s("4")});
        QVERIFY(choose(*i, "vacancies via vacancies_replies (0)"));
        QVERIFY(!i->findChild<QWidget *>(s("pendingLinks"))->isVisible());

        bool dialogDone = false;
        addLink(*i, "Data eng", "3 ", "Spark and Scala, three years.", &dialogDone);
        QTRY_VERIFY(dialogDone);
        QCOMPARE(i->pendingLinkChanges(), 1);
        QCOMPARE(text(*i, "pendingLinks"), s("1 pending link change(s)"));
        QVERIFY(i->findChild<QWidget *>(s("pendingLinks"))->isVisible());
        // The new link shows at once, marked as not committed; nothing reached the database.
        QTableWidget *g = grid(*i);
        QCOMPARE(g->rowCount(), 1);
        QCOMPARE(g->verticalHeaderItem(0)->text(), s("+"));
        QCOMPARE(g->item(0, column(g, "title"))->text(), s("Data engineer"));
        QCOMPARE(g->item(0, column(g, "cover_letter (link)"))->text(),
                 s("Spark and Scala, three years."));
        QCOMPARE(text(*i, "relatedStatus"), s("0 related row(s); 1 new link(s) not committed yet"));
        QCOMPARE(scalar(stored).toInt(), 0);
        snap(i.get(), "relation-inspector");

        // Pending SQL shows the insert into the association table.
        QString previewed;
        whenModal([&previewed](QWidget *modal) {
            if (auto *preview = qobject_cast<ui::SqlPreviewDialog *>(modal))
                previewed = preview->sql();
            modal->close();
        });
        QTest::mouseClick(button(*i, "pendingLinksSql"), Qt::LeftButton);
        QVERIFY2(previewed.contains(s("INSERT INTO")) && previewed.contains(s("vacancies_replies")),
                 qPrintable(previewed));

        QTest::mouseClick(button(*i, "commitLinks"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(scalar(stored).toInt(), 1, 10000);
        QTRY_COMPARE(i->pendingLinkChanges(), 0);
        QTRY_COMPARE(text(*i, "linkMessage"), s("Link changes committed."));
        QCOMPARE(scalar(s("SELECT cover_letter FROM vacancies_replies WHERE resume_id = 4 AND "
                          "vacancy_id = 3"))
                     .toString(),
                 s("Spark and Scala, three years."));
        QTRY_VERIFY(relationLabels(*i).contains(s("vacancies via vacancies_replies (1)")));
        QTRY_VERIFY(relations(*i)->currentItem() && relations(*i)->currentItem()->text() ==
                                                        s("vacancies via vacancies_replies (1)"));
        QTRY_COMPARE(grid(*i)->rowCount(), 1);
        QCOMPARE(g->verticalHeaderItem(0)->text(), s("1"));

        // Remove it: pending first (struck out), gone after Commit.
        selectRow(g, 0);
        QVERIFY(button(*i, "removeLink")->isEnabled());
        QTest::mouseClick(button(*i, "removeLink"), Qt::LeftButton);
        QTRY_COMPARE(i->pendingLinkChanges(), 1);
        QTRY_COMPARE(g->verticalHeaderItem(0)->text(), s("✕"));
        QVERIFY(g->item(0, 0)->font().strikeOut());
        QCOMPARE(scalar(stored).toInt(), 1);
        QTest::mouseClick(button(*i, "commitLinks"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(scalar(stored).toInt(), 0, 10000);
        QTRY_COMPARE(i->pendingLinkChanges(), 0);
        QTRY_VERIFY(relationLabels(*i).contains(s("vacancies via vacancies_replies (0)")));
    }

    void linksAreEditedFromTheOtherSideToo()
    {
        auto i = make();
        QVERIFY(i);
        i->showRow(table("vacancies"), {s("7")});
        QVERIFY(choose(*i, "resumes via vacancies_replies (1)"));
        QTableWidget *g = grid(*i);
        QCOMPARE(g->item(0, column(g, "title"))->text(), s("QA automation engineer (Python)"));
        // A new reply from the vacancy's side: the picker lists resumes.
        bool dialogDone = false;
        addLink(*i, "Data analyst", "14 ", "Manual testing background.", &dialogDone);
        QTRY_VERIFY(dialogDone);
        QCOMPARE(g->rowCount(), 2);
        QCOMPARE(g->verticalHeaderItem(1)->text(), s("+"));
        QCOMPARE(g->item(1, column(g, "id"))->text(), s("14"));
        QCOMPARE(g->item(1, column(g, "title"))->text(), s("Data analyst"));
        // Removing a link that was never committed simply drops it.
        selectRow(g, 1);
        QTest::mouseClick(button(*i, "removeLink"), Qt::LeftButton);
        QCOMPARE(i->pendingLinkChanges(), 0);
        QCOMPARE(g->rowCount(), 1);
        // Removing a committed one is pending until Revert takes it back.
        selectRow(g, 0);
        QTest::mouseClick(button(*i, "removeLink"), Qt::LeftButton);
        QTRY_COMPARE(i->pendingLinkChanges(), 1);
        QTRY_COMPARE(g->verticalHeaderItem(0)->text(), s("✕"));
        QTest::mouseClick(button(*i, "revertLinks"), Qt::LeftButton);
        QCOMPARE(i->pendingLinkChanges(), 0);
        QCOMPARE(g->verticalHeaderItem(0)->text(), s("1"));
        QCOMPARE(scalar(s("SELECT count(*) FROM vacancies_replies WHERE vacancy_id = 7")).toInt(),
                 1);
    }

    void aRefusedLinkStaysPendingWithTheReason()
    {
        auto i = make();
        QVERIFY(i);
        const QString replies = s("SELECT count(*) FROM vacancies_replies");
        const int before = scalar(replies).toInt();
        i->showRow(table("resumes"), {s("2")});
        QVERIFY(choose(*i, "vacancies via vacancies_replies (2)"));
        // Resume 2 already replied to vacancy 1: a second reply breaks the primary key.
        bool dialogDone = false;
        addLink(*i, "Python developer", "1 ", "Once more.", &dialogDone);
        QTRY_VERIFY(dialogDone);
        QCOMPARE(i->pendingLinkChanges(), 1);
        QTest::mouseClick(button(*i, "commitLinks"), Qt::LeftButton);
        auto *message = i->findChild<QLabel *>(s("linkMessage"));
        QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 10000);
        QVERIFY2(message->text().contains(s("Another row already has")),
                 qPrintable(message->text()));
        QVERIFY(!message->text().contains(s("ERROR:")));
        QCOMPARE(i->pendingLinkChanges(), 1);
        QCOMPARE(text(*i, "pendingLinks"), s("1 pending link change(s)"));
        QVERIFY(button(*i, "commitLinks")->isEnabled());
        QCOMPARE(scalar(replies).toInt(), before);
        QCOMPARE(scalar(s("SELECT cover_letter FROM vacancies_replies WHERE resume_id = 2 AND "
                          "vacancy_id = 1"))
                     .toString(),
                 s("Junior, eager to learn, strong SQL."));
        // The pending row is still there to fix or drop; Revert drops it.
        QTableWidget *g = grid(*i);
        QCOMPARE(g->rowCount(), 3);
        QCOMPARE(g->verticalHeaderItem(2)->text(), s("+"));
        QTest::mouseClick(button(*i, "revertLinks"), Qt::LeftButton);
        QCOMPARE(i->pendingLinkChanges(), 0);
        QCOMPARE(g->rowCount(), 2);
    }
};

QTEST_MAIN(TestRelationInspector)
#include "tst_relationinspector.moc"
