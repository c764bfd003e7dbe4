// FilterTreeEditor driven as a user would, through its real buttons, combos and editors: the
// seed's WHERE and HAVING filters built by clicking and typing, typed value editors (enum
// labels, date pickers), operators per type, nested groups, removal, setFilter/filter round
// trips, and filterChanged on every edit but not on setFilter.

#include "ui/querybuilder/filtertreeeditor.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QLineEdit>
#include <QSignalSpy>
#include <QToolButton>
#include <QTreeWidget>
#include <QtTest>

using namespace dbx::model;
using namespace dbx::model::query;
using dbx::ui::FilterTreeEditor;
using Op = Filter::Op;
using Logic = Filter::Logic;
using Function = Expr::Function;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

ScopeColumn column(const char *name, const char *type, const char *category,
                   const char *enumSchema = "")
{
    dbx::model::ColumnType dataType = dbx::model::ColumnType::fromName(s(type));
    if (category[0] == 'E')
        dataType.kind = dbx::model::TypeKind::Enum;
    return ScopeColumn{s("resumes"), s(name), s(type), dataType, s(enumSchema)};
}

// The resumes table of the demo database, as columnsInScope gives it.
QList<ScopeColumn> resumeColumns()
{
    return {column("id", "integer", "N"),
            column("title", "character varying(256)", "S"),
            column("compensation", "integer", "N"),
            column("workload", "workload", "E", "public"),
            column("worker_id", "integer", "N"),
            column("created_at", "timestamp without time zone", "D"),
            column("rating", "numeric(3,1)", "N"),
            column("starts_on", "date", "D"),
            column("remote", "boolean", "B")};
}

SchemaSnapshot snapshot()
{
    SchemaSnapshot snap;
    SchemaInfo schema;
    schema.name = s("public");
    schema.enums << EnumInfo{s("public"), s("workload"), {s("parttime"), s("fulltime")}};
    snap.schemas << schema;
    return snap;
}

Expr col(const char *name)
{
    return Expr::col(s("resumes"), s(name));
}

// A readable form of a filter with the values' types, so a mismatch shows where it is.
QString describe(const Filter &f)
{
    if (f.kind == Filter::Kind::Group) {
        QStringList parts;
        for (const Filter &child : f.children)
            parts << describe(child);
        return s(f.logic == Logic::And ? "AND{" : "OR{") + parts.join(s("; ")) + s("}");
    }
    QString left = f.left.source + u'.' + f.left.column;
    if (f.left.kind == Expr::Kind::Aggregate)
        left = s("fn%1(%2)")
                   .arg(int(f.left.function))
                   .arg(f.left.args.isEmpty()
                            ? s("*")
                            : f.left.args.first().source + u'.' + f.left.args.first().column);
    QStringList values;
    for (const Expr &e : f.right)
        values << s("%1:%2").arg(QString::fromLatin1(e.value.typeName()), e.value.toString());
    return s("%1 op%2 [%3]").arg(left).arg(int(f.op)).arg(values.join(s(", ")));
}

#define COMPARE_FILTER(actual, expected)                                                           \
    do {                                                                                           \
        const Filter a_ = (actual);                                                                \
        const Filter e_ = (expected);                                                              \
        QCOMPARE(describe(a_), describe(e_));                                                      \
        QVERIFY(a_ == e_);                                                                         \
    } while (false)

template <typename T> T *child(QWidget *row, const char *name)
{
    return row ? row->findChild<T *>(s(name)) : nullptr;
}

void saveScreenshot(QWidget *widget, const char *name)
{
    const QString dir = qEnvironmentVariable("DBX_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(QDir(dir).filePath(s(name))));
}

QStringList items(const QComboBox *combo)
{
    QStringList result;
    for (int i = 0; i < combo->count(); ++i)
        result << combo->itemText(i);
    return result;
}

} // namespace

class TestFilterTreeEditor : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FilterTreeEditor> m_editor;

    FilterTreeEditor &editor() { return *m_editor; }

    void click(const char *button)
    {
        auto *b = m_editor->findChild<QToolButton *>(s(button));
        QVERIFY2(b, button);
        QTest::mouseClick(b, Qt::LeftButton);
    }

    // Fills in the condition at `path`: [aggregate] column, operator, then what it types.
    void fillCondition(const QList<int> &path, const char *columnName, Op op, const char *typed,
                       const char *aggregate = nullptr)
    {
        QWidget *row = m_editor->rowWidget(path);
        QVERIFY(row);
        if (aggregate) {
            auto *agg = child<QComboBox>(row, "aggregate");
            QVERIFY(agg && agg->isVisible());
            const int index = agg->findText(s(aggregate));
            QVERIFY(index >= 0);
            agg->setCurrentIndex(index);
        }
        auto *columns = child<QComboBox>(row, "column");
        QVERIFY(columns);
        const int columnIndex = columns->findText(s("resumes.") + s(columnName));
        QVERIFY(columnIndex >= 0);
        columns->setCurrentIndex(columnIndex);
        auto *ops = child<QComboBox>(row, "op");
        const int opIndex = ops->findData(int(op));
        QVERIFY2(opIndex >= 0, qPrintable(items(ops).join(u'|')));
        ops->setCurrentIndex(opIndex);
        if (!typed)
            return;
        auto *value = child<QWidget>(row, "value");
        QVERIFY(value);
        if (auto *combo = qobject_cast<QComboBox *>(value)) {
            const int index = combo->findText(s(typed));
            QVERIFY(index >= 0);
            combo->setCurrentIndex(index);
        } else {
            auto *edit = qobject_cast<QLineEdit *>(value);
            QVERIFY(edit);
            QTest::keyClicks(edit, s(typed));
        }
    }

private slots:
    void init()
    {
        m_editor = std::make_unique<FilterTreeEditor>();
        m_editor->resize(420, 300);
        m_editor->setColumns(resumeColumns(), snapshot());
        m_editor->show();
    }

    void cleanup() { m_editor.reset(); }

    void startsEmpty()
    {
        COMPARE_FILTER(editor().filter(), Filter::group(Logic::And));
        QVERIFY(editor().findChild<QTreeWidget *>(s("filterTree")));
        QVERIFY(child<QComboBox>(editor().rowWidget({}), "logic"));
        auto *remove = editor().findChild<QToolButton *>(s("removeItem"));
        QVERIFY(!remove->isEnabled()); // the root group stays
    }

    void seedWhereFilter()
    {
        QSignalSpy changed(&editor(), &FilterTreeEditor::filterChanged);
        click("addCondition");
        fillCondition({0}, "title", Op::Contains, "Python");
        click("addCondition");
        fillCondition({1}, "compensation", Op::Gt, "40000");
        COMPARE_FILTER(editor().filter(),
                       Filter::group(Logic::And, {Filter::condition(col("title"), Op::Contains,
                                                                    {Expr::val(s("Python"))}),
                                                  Filter::condition(col("compensation"), Op::Gt,
                                                                    {Expr::val(qint64(40000))})}));
        QVERIFY(changed.count() >= 4);
    }

    void seedHavingFilter()
    {
        editor().setAggregateMode(true);
        click("addCondition");
        fillCondition({0}, "compensation", Op::Gt, "70000", "avg");
        COMPARE_FILTER(editor().filter(),
                       Filter::group(Logic::And, {Filter::condition(
                                                     Expr::agg(Function::Avg, col("compensation")),
                                                     Op::Gt, {Expr::val(70000.0)})}));
    }

    void seedOrFilterAtRoot()
    {
        child<QComboBox>(editor().rowWidget({}), "logic")->setCurrentIndex(1);
        click("addCondition");
        fillCondition({0}, "workload", Op::Eq, "parttime");
        click("addCondition");
        fillCondition({1}, "compensation", Op::IsNull, nullptr);
        QVERIFY(!child<QWidget>(editor().rowWidget({1}), "value")); // IS NULL takes no value
        COMPARE_FILTER(
            editor().filter(),
            Filter::group(Logic::Or,
                          {Filter::condition(col("workload"), Op::Eq, {Expr::val(s("parttime"))}),
                           Filter::condition(col("compensation"), Op::IsNull)}));
    }

    void seedOrFilterAsNestedGroup()
    {
        click("addCondition");
        fillCondition({0}, "title", Op::StartsWith, "Py");
        editor().tree()->setCurrentItem(nullptr);
        click("addGroup");
        auto *logic = child<QComboBox>(editor().rowWidget({1}), "logic");
        QVERIFY(logic);
        QCOMPARE(logic->currentText(), s("OR")); // inside AND, a group starts as OR
        click("addCondition"); // the new group is current: the condition goes inside
        fillCondition({1, 0}, "workload", Op::Eq, "parttime");
        click("addCondition"); // the current condition's group again
        fillCondition({1, 1}, "compensation", Op::IsNull, nullptr);
        const Filter orGroup = Filter::group(
            Logic::Or, {Filter::condition(col("workload"), Op::Eq, {Expr::val(s("parttime"))}),
                        Filter::condition(col("compensation"), Op::IsNull)});
        COMPARE_FILTER(editor().filter(),
                       Filter::group(Logic::And, {Filter::condition(col("title"), Op::StartsWith,
                                                                    {Expr::val(s("Py"))}),
                                                  orGroup}));

        // A third level, then back to the root.
        editor().tree()->setCurrentItem(editor().itemAt({1}));
        click("addGroup");
        QCOMPARE(child<QComboBox>(editor().rowWidget({1, 2}), "logic")->currentText(), s("AND"));
        click("addCondition");
        fillCondition({1, 2, 0}, "id", Op::Ge, "7");
        QCOMPARE(editor().filter().children.at(1).children.at(2),
                 Filter::group(Logic::And,
                               {Filter::condition(col("id"), Op::Ge, {Expr::val(qint64(7))})}));
    }

    void enumLabelsInTheValueCombo()
    {
        click("addCondition");
        fillCondition({0}, "workload", Op::Eq, nullptr);
        auto *value = child<QComboBox>(editor().rowWidget({0}), "value");
        QVERIFY(value);
        QCOMPARE(items(value), QStringList({s("parttime"), s("fulltime")}));
        const QStringList ops = items(child<QComboBox>(editor().rowWidget({0}), "op"));
        QVERIFY(ops.contains(s("=")) && ops.contains(s("≠")) && ops.contains(s("in list")));
        QVERIFY(!ops.contains(s("contains")) && !ops.contains(s("<")));
    }

    void operatorsFollowTheType()
    {
        click("addCondition");
        QWidget *row = editor().rowWidget({0});
        auto *columns = child<QComboBox>(row, "column");
        auto *ops = child<QComboBox>(row, "op");
        columns->setCurrentIndex(columns->findText(s("resumes.title")));
        QCOMPARE(items(ops),
                 QStringList({s("="), s("≠"), s("<"), s("≤"), s(">"), s("≥"), s("contains"),
                              s("starts with"), s("ends with"), s("LIKE"), s("ILIKE"), s("in list"),
                              s("between"), s("is NULL"), s("is not NULL")}));
        QCOMPARE(ops->itemData(6).toInt(), int(Op::Contains));
        columns->setCurrentIndex(columns->findText(s("resumes.compensation")));
        QVERIFY(!items(ops).contains(s("contains")));
        QVERIFY(items(ops).contains(s("<")) && items(ops).contains(s("between")));
        columns->setCurrentIndex(columns->findText(s("resumes.remote")));
        QVERIFY(!items(ops).contains(s("<")));
        auto *flag = child<QComboBox>(row, "value");
        QVERIFY(flag);
        flag->setCurrentIndex(flag->findText(s("false")));
        COMPARE_FILTER(editor().filter().children.first(),
                       Filter::condition(col("remote"), Op::Eq, {Expr::val(false)}));
    }

    void dateEditorsForDatesAndTimestamps()
    {
        click("addCondition");
        fillCondition({0}, "created_at", Op::Ge, nullptr);
        auto *stamp = child<QDateTimeEdit>(editor().rowWidget({0}), "value");
        QVERIFY(stamp);
        QVERIFY(!qobject_cast<QDateEdit *>(stamp));
        QVERIFY(stamp->calendarPopup());
        const QDateTime when(QDate(2024, 3, 1), QTime(9, 30));
        stamp->setDateTime(when);
        COMPARE_FILTER(editor().filter().children.first(),
                       Filter::condition(col("created_at"), Op::Ge, {Expr::val(when)}));

        click("addCondition");
        fillCondition({1}, "starts_on", Op::Between, nullptr);
        auto *from = child<QDateEdit>(editor().rowWidget({1}), "value");
        auto *to = child<QDateEdit>(editor().rowWidget({1}), "value2");
        QVERIFY(from && to && from->calendarPopup());
        from->setDate(QDate(2024, 1, 1));
        to->setDate(QDate(2024, 6, 30));
        COMPARE_FILTER(
            editor().filter().children.at(1),
            Filter::condition(col("starts_on"), Op::Between,
                              {Expr::val(QDate(2024, 1, 1)), Expr::val(QDate(2024, 6, 30))}));
    }

    void numbersAndListsAreTyped()
    {
        click("addCondition");
        fillCondition({0}, "rating", Op::Lt, "4.5");
        click("addCondition");
        fillCondition({1}, "worker_id", Op::In, "1, 2,3");
        click("addCondition");
        fillCondition({2}, "title", Op::In, "Python dev, Go dev");
        auto *number = child<QLineEdit>(editor().rowWidget({0}), "value");
        QVERIFY(number->validator());
        QTest::keyClicks(number, s("x")); // refused by the validator
        COMPARE_FILTER(editor().filter(),
                       Filter::group(Logic::And,
                                     {Filter::condition(col("rating"), Op::Lt, {Expr::val(4.5)}),
                                      Filter::condition(col("worker_id"), Op::In,
                                                        {Expr::val(qint64(1)), Expr::val(qint64(2)),
                                                         Expr::val(qint64(3))}),
                                      Filter::condition(
                                          col("title"), Op::In,
                                          {Expr::val(s("Python dev")), Expr::val(s("Go dev"))})}));
    }

    void valuesSurviveAnOperatorChange()
    {
        click("addCondition");
        fillCondition({0}, "compensation", Op::Gt, "40000");
        auto *ops = child<QComboBox>(editor().rowWidget({0}), "op");
        ops->setCurrentIndex(ops->findData(int(Op::Ge)));
        COMPARE_FILTER(editor().filter().children.first(),
                       Filter::condition(col("compensation"), Op::Ge, {Expr::val(qint64(40000))}));
        ops->setCurrentIndex(ops->findData(int(Op::Between)));
        QTest::keyClicks(child<QLineEdit>(editor().rowWidget({0}), "value2"), s("90000"));
        COMPARE_FILTER(editor().filter().children.first(),
                       Filter::condition(col("compensation"), Op::Between,
                                         {Expr::val(qint64(40000)), Expr::val(qint64(90000))}));
    }

    void removeConditionsAndGroups()
    {
        click("addCondition");
        fillCondition({0}, "title", Op::Contains, "Python");
        click("addGroup");
        click("addCondition");
        fillCondition({1, 0}, "compensation", Op::IsNotNull, nullptr);
        click("addCondition");
        fillCondition({1, 1}, "id", Op::Eq, "3");
        QSignalSpy changed(&editor(), &FilterTreeEditor::filterChanged);

        // Pressing on a row selects it, even though its widget covers the item.
        QTest::mouseClick(editor().rowWidget({1, 0}), Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(editor().tree()->currentItem(), editor().itemAt({1, 0}));
        click("removeItem");
        QCOMPARE(changed.count(), 1);
        COMPARE_FILTER(editor().filter().children.at(1),
                       Filter::group(Logic::Or, {Filter::condition(col("id"), Op::Eq,
                                                                   {Expr::val(qint64(3))})}));
        editor().tree()->setCurrentItem(editor().itemAt({1}));
        click("removeItem");
        COMPARE_FILTER(editor().filter(),
                       Filter::group(Logic::And, {Filter::condition(col("title"), Op::Contains,
                                                                    {Expr::val(s("Python"))})}));
        editor().tree()->setCurrentItem(editor().itemAt({}));
        QVERIFY(!editor().findChild<QToolButton *>(s("removeItem"))->isEnabled());
    }

    void setFilterRoundTrips()
    {
        const Filter where = Filter::group(
            Logic::And,
            {Filter::condition(col("title"), Op::ILike, {Expr::val(s("%dev%"))}),
             Filter::group(Logic::Or,
                           {Filter::condition(col("workload"), Op::In,
                                              {Expr::val(s("parttime")), Expr::val(s("fulltime"))}),
                            Filter::condition(col("compensation"), Op::IsNull),
                            Filter::group(Logic::And, {Filter::condition(
                                                          col("created_at"), Op::Lt,
                                                          {Expr::val(QDateTime(QDate(2024, 5, 1),
                                                                               QTime(12, 0)))})})}),
             Filter::condition(col("rating"), Op::Between, {Expr::val(2.5), Expr::val(4.0)}),
             Filter::condition(col("remote"), Op::Ne, {Expr::val(true)})});
        QSignalSpy changed(&editor(), &FilterTreeEditor::filterChanged);
        editor().setFilter(where);
        QCOMPARE(changed.count(), 0);
        COMPARE_FILTER(editor().filter(), where);
        QCOMPARE(child<QComboBox>(editor().rowWidget({1}), "logic")->currentText(), s("OR"));
        QCOMPARE(child<QLineEdit>(editor().rowWidget({0}), "value")->text(), s("%dev%"));

        // New columns (a join added) keep what is shown.
        QList<ScopeColumn> more = resumeColumns();
        more.prepend(ScopeColumn{s("workers"), s("username"), s("character varying"),
                                 dbx::model::ColumnType::fromName(s("character varying")), {}});
        editor().setColumns(more, snapshot());
        COMPARE_FILTER(editor().filter(), where);
        QCOMPARE(changed.count(), 0);

        editor().setFilter(Filter::group(Logic::And));
        COMPARE_FILTER(editor().filter(), Filter::group(Logic::And));
    }

    void filterBeforeItsColumns()
    {
        FilterTreeEditor fresh;
        const Filter where = Filter::group(
            Logic::And, {Filter::condition(col("title"), Op::Contains, {Expr::val(s("Python"))}),
                         Filter::condition(col("compensation"), Op::Gt, {Expr::val(qint64(40000))}),
                         Filter::condition(Expr::col(s("gone"), s("x")), Op::IsNull)});
        fresh.setFilter(where);
        COMPARE_FILTER(fresh.filter(), where);
        fresh.setColumns(resumeColumns(), snapshot());
        COMPARE_FILTER(fresh.filter(), where);
        auto *columns = child<QComboBox>(fresh.rowWidget({1}), "column");
        QCOMPARE(columns->currentText(), s("resumes.compensation"));
        // Once the user picks a column, the unknown one is replaced.
        auto *gone = child<QComboBox>(fresh.rowWidget({2}), "column");
        QCOMPARE(gone->currentText(), QString()); // not some other column's name
        gone->setCurrentIndex(gone->findText(s("resumes.id")));
        QCOMPARE(fresh.filter().children.at(2).left, col("id"));
    }

    void aggregateMode()
    {
        click("addCondition");
        QVERIFY(!child<QComboBox>(editor().rowWidget({0}), "aggregate")->isVisible());
        editor().setAggregateMode(true);
        auto *agg = child<QComboBox>(editor().rowWidget({0}), "aggregate");
        QVERIFY(agg->isVisible());
        QCOMPARE(items(agg),
                 QStringList({s("(none)"), s("count(*)"), s("count"), s("count distinct"), s("sum"),
                              s("avg"), s("min"), s("max")}));
        agg->setCurrentIndex(agg->findText(s("count(*)")));
        QVERIFY(!child<QComboBox>(editor().rowWidget({0}), "column")->isEnabled());
        auto *ops = child<QComboBox>(editor().rowWidget({0}), "op");
        ops->setCurrentIndex(ops->findData(int(Op::Ge)));
        QTest::keyClicks(child<QLineEdit>(editor().rowWidget({0}), "value"), s("2"));
        click("addCondition");
        fillCondition({1}, "workload", Op::Gt, "1", "count distinct");
        click("addCondition");
        fillCondition({2}, "created_at", Op::Lt, nullptr, "max");
        QVERIFY(child<QDateTimeEdit>(editor().rowWidget({2}), "value")); // max keeps the type
        const QDateTime when(QDate(2025, 1, 1), QTime(0, 0));
        child<QDateTimeEdit>(editor().rowWidget({2}), "value")->setDateTime(when);

        const Filter having = Filter::group(
            Logic::And, {Filter::condition(Expr::countAll(), Op::Ge, {Expr::val(qint64(2))}),
                         Filter::condition(Expr::agg(Function::CountDistinct, col("workload")),
                                           Op::Gt, {Expr::val(qint64(1))}),
                         Filter::condition(Expr::agg(Function::Max, col("created_at")), Op::Lt,
                                           {Expr::val(when)})});
        COMPARE_FILTER(editor().filter(), having);

        editor().setFilter(having);
        COMPARE_FILTER(editor().filter(), having);
        saveScreenshot(&editor(), "querybuilder-having.png");
        QCOMPARE(child<QComboBox>(editor().rowWidget({0}), "aggregate")->currentText(),
                 s("count(*)"));

        editor().setAggregateMode(false);
        QCOMPARE(editor().filter().children.at(1).left, col("workload"));
    }

    void screenshot()
    {
        editor().setAggregateMode(false);
        editor().setFilter(Filter::group(
            Logic::And,
            {Filter::condition(col("title"), Op::Contains, {Expr::val(s("Python"))}),
             Filter::condition(col("compensation"), Op::Gt, {Expr::val(qint64(40000))}),
             Filter::group(Logic::Or,
                           {Filter::condition(col("workload"), Op::Eq, {Expr::val(s("parttime"))}),
                            Filter::condition(col("compensation"), Op::IsNull),
                            Filter::condition(
                                col("created_at"), Op::Between,
                                {Expr::val(QDateTime(QDate(2024, 1, 1), QTime())),
                                 Expr::val(QDateTime(QDate(2024, 12, 31), QTime(23, 59)))})})}));
        editor().tree()->setCurrentItem(editor().itemAt({1}));
        QCoreApplication::processEvents();
        // Every row gets the height its widget needs: between takes a second line.
        for (const QList<int> &path : {QList<int>{0}, QList<int>{2, 1}, QList<int>{2, 2}}) {
            const QRect rect = editor().tree()->visualItemRect(editor().itemAt(path));
            QVERIFY2(rect.height() >= editor().rowWidget(path)->sizeHint().height(),
                     qPrintable(s("%1: %2 < %3")
                                    .arg(path.size())
                                    .arg(rect.height())
                                    .arg(editor().rowWidget(path)->sizeHint().height())));
        }
        QVERIFY(editor().tree()->visualItemRect(editor().itemAt({2, 2})).height() >
                editor().tree()->visualItemRect(editor().itemAt({2, 1})).height());
        saveScreenshot(&editor(), "querybuilder-filter.png");
    }
};

QTEST_MAIN(TestFilterTreeEditor)
#include "tst_filtertreeeditor.moc"
