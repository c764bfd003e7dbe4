// The pending-change buffer and the statements it becomes, without a database: rows tracked by
// key, edits undone by setting the original value back, deletes of new rows, conflict
// resolution, and the exact SQL with its bound values.

#include "model/edit/changeset.h"
#include "model/edit/changesql.h"

#include <QtTest>

using namespace dbx::model;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
} // namespace

class TestChangeSet : public QObject {
    Q_OBJECT

private:
    static TableQuery resumes()
    {
        TableQuery q;
        q.setRelation(s("public"), s("resumes"), {s("id"), s("title"), s("compensation")},
                      {s("id")});
        return q;
    }

private slots:
    void editsAreKeptPerRowAndUndoneByTheOriginal()
    {
        ChangeSet set;
        const QVariantList original{1, s("Python developer"), 65000};
        set.setValue({s("1")}, s("741"), original, 2, s("70000"));
        set.setValue({s("1")}, s("741"), original, 1, s("Senior"));
        QCOMPARE(set.size(), 1);
        const RowChange *c = set.forKey({s("1")});
        QVERIFY(c && c->isUpdate());
        QCOMPARE(c->values.size(), 2);
        QCOMPARE(c->version, s("741"));
        // Typed back to what was read (text vs int): no longer pending for that column.
        set.setValue({s("1")}, s("741"), original, 2, s("65000"));
        QCOMPARE(set.forKey({s("1")})->values.size(), 1);
        set.setValue({s("1")}, s("741"), original, 1, s("Python developer"));
        QVERIFY(set.isEmpty());
        // A value equal to the original never starts a change; NULL differs from "".
        set.setValue({s("2")}, s("9"), {2, QVariant(), 1}, 1, QVariant());
        QVERIFY(set.isEmpty());
        set.setValue({s("2")}, s("9"), {2, QVariant(), 1}, 1, s(""));
        QCOMPARE(set.size(), 1);
    }

    void deletesAndInserts()
    {
        ChangeSet set;
        set.setValue({s("1")}, s("5"), {1, s("a"), 1}, 1, s("b"));
        set.markDeleted({s("1")}, s("5"), {1, s("a"), 1});
        QCOMPARE(set.size(), 1);
        QVERIFY(set.forKey({s("1")})->isDelete());
        QVERIFY(set.forKey({s("1")})->values.isEmpty());
        // Edits of a deleted row are ignored.
        set.setValue({s("1")}, s("5"), {1, s("a"), 1}, 1, s("c"));
        QVERIFY(set.forKey({s("1")})->isDelete());
        const int id = set.addInsert({{1, s("new")}});
        set.setInsertValue(id, 2, 10);
        QCOMPARE(set.inserts().size(), 1);
        QCOMPARE(set.byId(id)->values.value(2).toInt(), 10);
        set.removeInsert(id);
        QCOMPARE(set.inserts().size(), 0);
        set.revert({s("1")});
        QVERIFY(set.isEmpty());
    }

    void conflictResolution()
    {
        ChangeSet set;
        set.setValue({s("3")}, s("100"), {3, s("mine"), 1}, 2, 5);
        set.rebase({s("3")}, s("200"), {3, s("theirs"), 1});
        QCOMPARE(set.forKey({s("3")})->version, s("200"));
        QCOMPARE(set.forKey({s("3")})->original.value(1).toString(), s("theirs"));
        // Theirs deleted the row: keeping mine inserts it back with my values.
        set.restoreDeleted({s("3")});
        QCOMPARE(set.inserts().size(), 1);
        const RowChange *insert = set.inserts().first();
        QCOMPARE(insert->values.value(0).toInt(), 3);
        QCOMPARE(insert->values.value(1).toString(), s("theirs"));
        QCOMPARE(insert->values.value(2).toInt(), 5);
        QVERIFY(insert->key.isEmpty());
    }

    void statementsBindEveryValue()
    {
        const ChangeSql sql(resumes());
        RowChange update;
        update.kind = RowChange::Kind::Update;
        update.key = {s("7")};
        update.version = s("1234");
        update.values = {{1, s("'; DROP TABLE resumes; --")}, {2, QVariant()}};
        Statement st = sql.statement(update);
        QCOMPARE(st.sql, s("UPDATE \"public\".\"resumes\" SET \"title\" = $1, \"compensation\" = "
                           "$2 WHERE \"id\" = $3 AND xmin = $4::xid"));
        QCOMPARE(st.params,
                 (QVariantList{s("'; DROP TABLE resumes; --"), QVariant(), s("7"), s("1234")}));
        RowChange insert;
        insert.kind = RowChange::Kind::Insert;
        insert.values = {{1, s("t")}};
        QCOMPARE(sql.statement(insert).sql,
                 s("INSERT INTO \"public\".\"resumes\" (\"title\") VALUES ($1)"));
        insert.values.clear();
        QCOMPARE(sql.statement(insert).sql, s("INSERT INTO \"public\".\"resumes\" DEFAULT VALUES"));
        RowChange del;
        del.kind = RowChange::Kind::Delete;
        del.key = {s("7")};
        del.version = s("9");
        QCOMPARE(sql.statement(del).sql,
                 s("DELETE FROM \"public\".\"resumes\" WHERE \"id\" = $1 AND xmin = $2::xid"));
        const QString script = sql.script({update, del});
        QVERIFY(script.startsWith(s("BEGIN;\nUPDATE")));
        QVERIFY(script.endsWith(s("COMMIT;")));
        QVERIFY2(script.contains(s("-- $1 = '''; DROP TABLE resumes; --', $2 = NULL")),
                 qPrintable(script));
        QCOMPARE(sql.current({s("7")}).sql,
                 s("SELECT \"id\", \"title\", \"compensation\", xmin::text FROM "
                   "\"public\".\"resumes\" WHERE \"id\" = $1"));
    }
};

QTEST_MAIN(TestChangeSet)
#include "tst_changeset.moc"
