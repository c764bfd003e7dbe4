#include "migrations/ledger.h"
#include "migrations/migrationplan.h"
#include "migrations/migrationstatus.h"
#include "migrations/revisionscript.h"
#include "migrations/revisionsource.h"

#include <QTest>

using namespace dbx::migrations;

namespace {

// Ids are 12 hex digits; these read as letters so the expectations stay legible.
const QString A = QStringLiteral("aaaaaaaaaaaa");
const QString B = QStringLiteral("bbbbbbbbbbbb");
const QString C = QStringLiteral("cccccccccccc");
const QString D = QStringLiteral("dddddddddddd");
const QString M = QStringLiteral("eeeeeeeeeeee");

RevisionSource::File revisionFile(const QString &id, const QStringList &parents,
                                  const QString &downgrade = QStringLiteral("-- downgrade\n"
                                                                            "SELECT 2;\n"))
{
    return {id + QStringLiteral(".sql"),
            QStringLiteral("-- revision: %1\n-- parents: %2\n-- message: revision %1\n"
                           "-- upgrade\nSELECT 1;\n%3")
                .arg(id, parents.join(QLatin1String(", ")), downgrade)};
}

RevisionGraph graphOf(const QList<RevisionSource::File> &files)
{
    const auto graph = RevisionSource::loadFiles(files);
    if (!graph)
        qFatal("graph does not load: %s", qPrintable(graph.error().message));
    return graph.value();
}

RevisionGraph chain()
{
    return graphOf({revisionFile(C, {B}), revisionFile(A, {}), revisionFile(B, {A})});
}

// A -> B, A -> C: two heads.
RevisionGraph branches()
{
    return graphOf({revisionFile(A, {}), revisionFile(B, {A}), revisionFile(C, {A})});
}

// The branches joined again by M.
RevisionGraph merged()
{
    return graphOf(
        {revisionFile(A, {}), revisionFile(B, {A}), revisionFile(C, {A}), revisionFile(M, {B, C})});
}

QSet<QString> set(const QStringList &ids)
{
    return QSet<QString>(ids.cbegin(), ids.cend());
}

QStringList steps(const dbx::model::Result<MigrationPlan> &plan)
{
    if (!plan)
        qWarning("plan failed: %s", qPrintable(plan.error().message));
    return plan ? plan->steps : QStringList{QStringLiteral("<error>")};
}

QString errorOf(const dbx::model::Result<MigrationPlan> &plan)
{
    return plan ? QString() : plan.error().message;
}

} // namespace

// The revision graph and the plans computed from it, without a database.
class TestRevisionGraph : public QObject {
    Q_OBJECT

private slots:
    void orderComesFromParentsNotFiles()
    {
        const RevisionGraph graph = chain();
        QCOMPARE(graph.revisions().at(0).id, A);
        QCOMPARE(graph.revisions().at(2).id, C);
        QCOMPARE(graph.heads(), QStringList{C});
        QCOMPARE(graph.bases(), QStringList{A});
        QCOMPARE(graph.currentHeads(set({A, B})), QStringList{B});
    }

    void graphErrorsNameFileAndLine()
    {
        const auto cycle = RevisionSource::loadFiles(
            {revisionFile(A, {}), revisionFile(B, {C}), revisionFile(C, {B})});
        QVERIFY(!cycle);
        QVERIFY2(cycle.error().message.contains(QLatin1String("revision cycle")),
                 qPrintable(cycle.error().message));
        QVERIFY(cycle.error().message.startsWith(QLatin1String("bbbbbbbbbbbb.sql:2:")) ||
                cycle.error().message.startsWith(QLatin1String("cccccccccccc.sql:2:")));
        QVERIFY(cycle.error().message.contains(B + QStringLiteral(" -> ")));

        const auto selfParent = RevisionSource::loadFiles({revisionFile(A, {A})});
        QVERIFY(!selfParent);
        QVERIFY(selfParent.error().message.contains(QLatin1String("revision cycle")));

        const auto unknown = RevisionSource::loadFiles({revisionFile(A, {}), revisionFile(B, {D})});
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().message,
                 QStringLiteral("bbbbbbbbbbbb.sql:2: unknown parent revision dddddddddddd"));

        RevisionSource::File copy = revisionFile(A, {});
        copy.name = QStringLiteral("copy.sql");
        const auto duplicate = RevisionSource::loadFiles({revisionFile(A, {}), copy});
        QVERIFY(!duplicate);
        QCOMPARE(duplicate.error().message,
                 QStringLiteral("copy.sql:1: duplicate revision id aaaaaaaaaaaa (also in "
                                "aaaaaaaaaaaa.sql:1)"));
    }

    void prefixes()
    {
        const QString x1 = QStringLiteral("abc000000001");
        const QString x2 = QStringLiteral("abc000000002");
        const QString y = QStringLiteral("abd000000003");
        const RevisionGraph graph =
            graphOf({revisionFile(x1, {}), revisionFile(x2, {x1}), revisionFile(y, {x2})});
        QCOMPARE(graph.resolve(QStringLiteral("abd")).value(), y);
        QCOMPARE(graph.resolve(x1).value(), x1);
        const auto ambiguous = graph.resolve(QStringLiteral("abc"));
        QVERIFY(!ambiguous);
        QVERIFY(ambiguous.error().message.contains(x1));
        QVERIFY(ambiguous.error().message.contains(x2));
        QVERIFY(!graph.resolve(QStringLiteral("fff")));
        QCOMPARE(steps(MigrationPlan::upgrade(graph, {}, QStringLiteral("abc000000002"))),
                 QStringList({x1, x2}));
        QVERIFY(errorOf(MigrationPlan::upgrade(graph, {}, QStringLiteral("abc")))
                    .contains(QLatin1String("ambiguous")));
    }

    void targets()
    {
        QCOMPARE(Target::parse(QStringLiteral("head"))->kind, Target::Kind::Head);
        QCOMPARE(Target::parse(QStringLiteral("heads"))->kind, Target::Kind::Heads);
        QCOMPARE(Target::parse(QStringLiteral("base"))->kind, Target::Kind::Base);
        QCOMPARE(Target::parse(QStringLiteral("+2"))->steps, 2);
        QCOMPARE(Target::parse(QStringLiteral("-3"))->steps, -3);
        QCOMPARE(Target::parse(QStringLiteral("3f2a"))->kind, Target::Kind::Revision);
        QVERIFY(!Target::parse(QStringLiteral("+0")));
        QVERIFY(!Target::parse(QStringLiteral("latest")));
        QVERIFY(!Target::parse(QStringLiteral("-x")));
        QVERIFY(!Target::parse(QString()));
    }

    void upgradePlans()
    {
        const RevisionGraph graph = chain();
        QCOMPARE(steps(MigrationPlan::upgrade(graph, {}, QStringLiteral("head"))),
                 QStringList({A, B, C}));
        QCOMPARE(steps(MigrationPlan::upgrade(graph, set({A}), QStringLiteral("head"))),
                 QStringList({B, C}));
        QCOMPARE(steps(MigrationPlan::upgrade(graph, set({A, B, C}), QStringLiteral("head"))),
                 QStringList());
        QCOMPARE(steps(MigrationPlan::upgrade(graph, {}, QStringLiteral("+1"))), QStringList{A});
        QCOMPARE(steps(MigrationPlan::upgrade(graph, set({A}), QStringLiteral("+2"))),
                 QStringList({B, C}));
        QVERIFY(errorOf(MigrationPlan::upgrade(graph, set({A}), QStringLiteral("+3")))
                    .contains(QLatin1String("past the head")));
        QVERIFY(errorOf(MigrationPlan::upgrade(graph, set({A}), QStringLiteral("-1")))
                    .contains(QLatin1String("downgrade")));
        QCOMPARE(steps(MigrationPlan::upgrade(graph, {}, QStringLiteral("base"))), QStringList());
    }

    void downgradePlans()
    {
        const RevisionGraph graph = chain();
        const QSet<QString> all = set({A, B, C});
        QCOMPARE(steps(MigrationPlan::downgrade(graph, all, QStringLiteral("-1"))), QStringList{C});
        QCOMPARE(steps(MigrationPlan::downgrade(graph, all, QStringLiteral("-3"))),
                 QStringList({C, B, A}));
        QVERIFY(errorOf(MigrationPlan::downgrade(graph, all, QStringLiteral("-4")))
                    .contains(QLatin1String("past base")));
        QCOMPARE(steps(MigrationPlan::downgrade(graph, all, QStringLiteral("base"))),
                 QStringList({C, B, A}));
        QCOMPARE(steps(MigrationPlan::downgrade(graph, all, A)), QStringList({C, B}));
        QVERIFY(errorOf(MigrationPlan::downgrade(graph, set({A}), C))
                    .contains(QLatin1String("not applied")));
        QVERIFY(!MigrationPlan::downgrade(graph, all, QStringLiteral("+1")));
    }

    void severalHeads()
    {
        const RevisionGraph graph = branches();
        QCOMPARE(graph.heads(), QStringList({B, C}));
        const QString error = errorOf(MigrationPlan::upgrade(graph, {}, QStringLiteral("head")));
        QVERIFY2(error.contains(B) && error.contains(C), qPrintable(error));
        QCOMPARE(steps(MigrationPlan::upgrade(graph, {}, QStringLiteral("heads"))),
                 QStringList({A, B, C}));
        QCOMPARE(steps(MigrationPlan::upgrade(graph, {}, C)), QStringList({A, C}));
        QVERIFY(errorOf(MigrationPlan::upgrade(graph, set({A}), QStringLiteral("+1")))
                    .contains(QLatin1String("branches")));
        // Going down one branch leaves the other alone.
        QCOMPARE(steps(MigrationPlan::downgrade(graph, set({A, B, C}), A)), QStringList({C, B}));
        QVERIFY(errorOf(MigrationPlan::downgrade(graph, set({A, B, C}), QStringLiteral("-1")))
                    .contains(QLatin1String("one current revision")));
    }

    void merges()
    {
        const RevisionGraph graph = merged();
        QCOMPARE(graph.heads(), QStringList{M});
        QCOMPARE(steps(MigrationPlan::upgrade(graph, {}, QStringLiteral("head"))),
                 QStringList({A, B, C, M}));
        QCOMPARE(steps(MigrationPlan::upgrade(graph, set({A, B}), M)), QStringList({C, M}));
        const QSet<QString> all = set({A, B, C, M});
        QCOMPARE(steps(MigrationPlan::downgrade(graph, all, QStringLiteral("-1"))), QStringList{M});
        QVERIFY(errorOf(MigrationPlan::downgrade(graph, all, QStringLiteral("-2")))
                    .contains(QLatin1String("merge")));
        QCOMPARE(graph.currentHeads(set({A, B, C})), QStringList({B, C}));
        QCOMPARE(steps(MigrationPlan::downgrade(graph, all, QStringLiteral("base"))),
                 QStringList({M, C, B, A}));
        QCOMPARE(steps(MigrationPlan::downgrade(graph, all, B)), QStringList{M});
    }

    void irreversibleDowngradeIsRefused()
    {
        const RevisionGraph graph =
            graphOf({revisionFile(A, {}),
                     revisionFile(B, {A},
                                  QStringLiteral("-- downgrade: irreversible drops the "
                                                 "legacy data\n")),
                     revisionFile(C, {B}, QStringLiteral("-- downgrade: empty\n"))});
        const QSet<QString> all = set({A, B, C});
        QCOMPARE(steps(MigrationPlan::downgrade(graph, all, B)), QStringList{C});
        const QString error = errorOf(MigrationPlan::downgrade(graph, all, QStringLiteral("base")));
        QVERIFY2(error.contains(B) && error.contains(QLatin1String("drops the legacy data")),
                 qPrintable(error));
    }

    void stampPlans()
    {
        const RevisionGraph graph = chain();
        const auto down = MigrationPlan::stamp(graph, set({A, B, C}), A);
        QVERIFY(down);
        QCOMPARE(down->steps, QStringList());
        QCOMPARE(down->unstamp, QStringList({C, B}));
        QCOMPARE(steps(MigrationPlan::stamp(graph, {}, QStringLiteral("head"))),
                 QStringList({A, B, C}));
        QCOMPARE(MigrationPlan::stamp(graph, set({A, B}), QStringLiteral("base"))->unstamp,
                 QStringList({B, A}));
        QVERIFY(MigrationPlan::stamp(graph, set({A, B, C}), QStringLiteral("head"))->isEmpty());
    }

    void statusStates()
    {
        const RevisionGraph graph = graphOf({revisionFile(A, {}), revisionFile(B, {A}),
                                             revisionFile(C, {B}), revisionFile(D, {C})});
        LedgerState ledger;
        ledger.exists = true;
        ledger.applied.append({A, QStringLiteral("a"), graph.find(A)->checksum, {}, {}, 5});
        ledger.applied.append({B, QStringLiteral("b"), QStringLiteral("0000"), {}, {}, 5});
        ledger.applied.append({QStringLiteral("ffffffffffff"),
                               QStringLiteral("gone"),
                               QStringLiteral("1111"),
                               {},
                               {},
                               5});
        ledger.lastEvents.insert(C, {QStringLiteral("upgrade"),
                                     QStringLiteral("failed"),
                                     QStringLiteral("22012"),
                                     QStringLiteral("boom"),
                                     {}});
        const MigrationStatus status = MigrationStatus::compute(graph, ledger);
        QCOMPARE(status.revisions.size(), 5);
        QCOMPARE(status.revisions.at(0).state, RevisionState::Applied);
        QCOMPARE(status.revisions.at(1).state, RevisionState::Modified);
        QCOMPARE(status.revisions.at(2).state, RevisionState::Failed);
        QCOMPARE(status.revisions.at(2).lastSqlState, QStringLiteral("22012"));
        QCOMPARE(status.revisions.at(3).state, RevisionState::Pending);
        QCOMPARE(status.revisions.at(4).state, RevisionState::Unknown);
        QCOMPARE(status.heads, QStringList{D});
        QVERIFY(status.current.contains(B));
        const auto runnable = status.checkRunnable();
        QVERIFY(!runnable);
        QVERIFY(runnable.error().message.contains(QLatin1String("modified")));
        QVERIFY(runnable.error().message.contains(QLatin1String("0000")));
        QVERIFY(runnable.error().detail.contains(QLatin1String("database is ahead")));
    }

    void scriptWrapsEachRevision()
    {
        const RevisionGraph graph =
            graphOf({{QStringLiteral("a.sql"),
                      QStringLiteral("-- revision: %1\n-- parents:\n-- message: Bob's table\n"
                                     "-- upgrade\nCREATE TABLE t (id int);\nSELECT 1 -- note\n"
                                     "-- downgrade\nDROP TABLE t;\n")
                          .arg(A)}});
        const Ledger ledger;
        const auto plan = MigrationPlan::upgrade(graph, {}, QStringLiteral("head"));
        const QList<RevisionScript> scripts =
            ScriptBuilder(graph, ledger, 1500).build(plan.value());
        QCOMPARE(scripts.size(), 1);
        QStringList rendered;
        for (const SqlStep &step : scripts.first().steps)
            rendered << step.rendered();
        QCOMPARE(rendered.at(0), QStringLiteral("BEGIN;"));
        QCOMPARE(rendered.at(1), QStringLiteral("SET LOCAL lock_timeout = '1500ms';"));
        QCOMPARE(rendered.at(2), QStringLiteral("CREATE TABLE t (id int);"));
        QCOMPARE(rendered.at(3), QStringLiteral("SELECT 1 -- note\n;"));
        QVERIFY2(rendered.at(4).startsWith(
                     QLatin1String("INSERT INTO \"dbx_migrations\".\"applied_revisions\"")),
                 qPrintable(rendered.at(4)));
        QVERIFY(rendered.at(4).contains(
            QStringLiteral("'%1', 'Bob''s table', '%2'").arg(A, graph.find(A)->checksum)));
        QVERIFY(rendered.at(5).contains(QLatin1String("'upgrade', 'succeeded'")));
        QCOMPARE(rendered.last(), QStringLiteral("COMMIT;"));
    }
};

QTEST_GUILESS_MAIN(TestRevisionGraph)
#include "tst_revisiongraph.moc"
