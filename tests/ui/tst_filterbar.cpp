// FilterBar driven as a user would: the operators each column type offers, conditions built by
// clicking and typing and the query::Filter they give, setFilter/filter round trips, and values
// that are not numbers or dates refused before they reach the server.

#include "ui/edit/filterbar.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest>

using namespace dbx::model;
using dbx::ui::FilterBar;
using Filter = query::Filter;
using Op = Filter::Op;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

ColumnInfo column(const char *name, const char *type, const char *category)
{
    ColumnInfo c;
    c.name = s(name);
    c.type = s(type);
    c.dataType = ColumnType::fromName(c.type);
    if (c.dataType.kind == TypeKind::Unknown && category[0] == 'E')
        c.dataType.kind = TypeKind::Enum;
    return c;
}

// A readable form of a filter, so a mismatch shows where it is.
QString describe(const Filter &f)
{
    if (f.kind == Filter::Kind::Condition) {
        QStringList values;
        for (const query::Expr &e : f.right)
            values << s("%1:%2").arg(QString::fromLatin1(e.value.typeName()), e.value.toString());
        return s("%1%2 op%3%4 [%5]")
            .arg(f.left.column, f.left.cast.isEmpty() ? QString() : s("::") + f.left.cast)
            .arg(int(f.op))
            .arg(f.ignoreCase ? s(" any case") : QString(), values.join(s(", ")));
    }
    QStringList parts;
    for (const Filter &child : f.children)
        parts << (child.kind == Filter::Kind::Group ? s("(") + describe(child) + s(")")
                                                    : describe(child));
    return s(f.logic == Filter::Logic::And ? "AND{" : "OR{") + parts.join(s("; ")) + s("}");
}

Filter cond(const char *column, Op op, const QStringList &values = {})
{
    QVariantList list;
    for (const QString &v : values)
        list << v;
    return Filter::column(s(column), op, list);
}
} // namespace

class TestFilterBar : public QObject {
    Q_OBJECT

private:
    TableInfo m_table;
    SchemaSnapshot m_snapshot;

    std::unique_ptr<FilterBar> makeBar()
    {
        auto bar = std::make_unique<FilterBar>(m_table, m_snapshot);
        bar->resize(900, 200);
        bar->show();
        return bar;
    }

    static QList<QWidget *> rows(FilterBar &bar)
    {
        return bar.findChildren<QWidget *>(s("filterRow"));
    }

    static void pick(QComboBox *combo, const QString &text)
    {
        const int index = combo->findText(text);
        QVERIFY2(index >= 0, qPrintable(text));
        combo->setCurrentIndex(index);
    }

    // Clicks "+ Condition", chooses the column and the operator by their shown names.
    static QWidget *addRow(FilterBar &bar, const char *columnName, const QString &op)
    {
        QTest::mouseClick(bar.findChild<QToolButton *>(s("filterAdd")), Qt::LeftButton);
        QWidget *row = rows(bar).last();
        pick(row->findChild<QComboBox *>(s("filterColumn")), s(columnName));
        pick(row->findChild<QComboBox *>(s("filterOperator")), op);
        return row;
    }

    static QLineEdit *value(QWidget *row, const char *name = "filterValue")
    {
        return row->findChild<QLineEdit *>(s(name));
    }

    static QList<Op> offered(QWidget *row)
    {
        QList<Op> ops;
        const auto *combo = row->findChild<QComboBox *>(s("filterOperator"));
        for (int i = 0; i < combo->count(); ++i)
            ops << Op(combo->itemData(i).toInt());
        return ops;
    }

    static QStringList offeredNames(QWidget *row)
    {
        QStringList names;
        const auto *combo = row->findChild<QComboBox *>(s("filterOperator"));
        for (int i = 0; i < combo->count(); ++i)
            names << combo->itemText(i);
        return names;
    }

private slots:
    void initTestCase()
    {
        m_table.schema = s("public");
        m_table.name = s("jobs");
        m_table.columns = {
            column("title", "text", "S"),
            column("qty", "integer", "N"),
            column("price", "numeric(10,2)", "N"),
            column("starts", "date", "D"),
            column("seen", "timestamp with time zone", "D"),
            column("mood", "\"Mood\"", "E"),
            column("load", "hr.workload", "E"),
            column("active", "boolean", "B"),
            column("ref", "uuid", "U"),
        };
        SchemaInfo pub;
        pub.name = s("public");
        pub.enums = {EnumInfo{s("public"), s("Mood"), {s("happy"), s("sad"), s("it's ok")}}};
        SchemaInfo hr;
        hr.name = s("hr");
        hr.enums = {EnumInfo{s("hr"), s("workload"), {s("low"), s("high")}}};
        m_snapshot.schemas = {pub, hr};
    }

    void operatorsFollowTheColumnType()
    {
        auto bar = makeBar();
        QWidget *row = addRow(*bar, "title", s("contains"));
        QCOMPARE(offered(row), (QList<Op>{Op::Contains, Op::StartsWith, Op::EndsWith, Op::Eq,
                                          Op::Ne, Op::IsNull, Op::IsNotNull}));
        QCOMPARE(offered(row).first(), Op::Contains);
        // Ignoring case is a choice of its own, beside the text operators only.
        auto *ignoreCase = row->findChild<QToolButton *>(s("filterIgnoreCase"));
        QVERIFY(ignoreCase->isVisible());
        QVERIFY(!ignoreCase->isChecked());
        pick(row->findChild<QComboBox *>(s("filterOperator")), s("="));
        QVERIFY(!ignoreCase->isVisible());
        const QList<Op> ordered{Op::Eq, Op::Ne,      Op::Lt,     Op::Le,       Op::Gt,
                                Op::Ge, Op::Between, Op::IsNull, Op::IsNotNull};
        for (const char *name : {"qty", "price", "starts", "seen"}) {
            pick(row->findChild<QComboBox *>(s("filterColumn")), s(name));
            QCOMPARE(offered(row), ordered);
        }
        pick(row->findChild<QComboBox *>(s("filterColumn")), s("mood"));
        QCOMPARE(offered(row), (QList<Op>{Op::Eq, Op::Ne, Op::In, Op::IsNull, Op::IsNotNull}));
        auto *labels = row->findChild<QComboBox *>(s("filterEnumValue"));
        QCOMPARE(labels->count(), 3);
        QCOMPARE(labels->itemText(2), s("it's ok"));
        // A schema-qualified enum type is found in its own schema.
        pick(row->findChild<QComboBox *>(s("filterColumn")), s("load"));
        QCOMPARE(labels->count(), 2);
        QCOMPARE(labels->itemText(1), s("high"));
        pick(row->findChild<QComboBox *>(s("filterColumn")), s("active"));
        QCOMPARE(offeredNames(row),
                 (QStringList{s("is true"), s("is false"), s("is NULL"), s("is not NULL")}));
        pick(row->findChild<QComboBox *>(s("filterColumn")), s("ref"));
        QCOMPARE(offered(row).first(), Op::Contains);
    }

    void editorsFollowTheOperator()
    {
        auto bar = makeBar();
        QWidget *row = addRow(*bar, "qty", s("between"));
        QVERIFY(value(row)->isVisible());
        QVERIFY(value(row, "filterValue2")->isVisible());
        pick(row->findChild<QComboBox *>(s("filterOperator")), s("is NULL"));
        QVERIFY(!value(row)->isVisible());
        QVERIFY(!value(row, "filterValue2")->isVisible());
        pick(row->findChild<QComboBox *>(s("filterColumn")), s("mood"));
        pick(row->findChild<QComboBox *>(s("filterOperator")), s("is one of"));
        QVERIFY(row->findChild<QListWidget *>(s("filterEnumValues"))->isVisible());
        QVERIFY(!row->findChild<QComboBox *>(s("filterEnumValue"))->isVisible());
        QVERIFY(!value(row)->isVisible());
        pick(row->findChild<QComboBox *>(s("filterOperator")), s("≠"));
        QVERIFY(row->findChild<QComboBox *>(s("filterEnumValue"))->isVisible());
        pick(row->findChild<QComboBox *>(s("filterColumn")), s("active"));
        QVERIFY(!value(row)->isVisible());
        // Changing the column keeps the operator when the new type has it.
        pick(row->findChild<QComboBox *>(s("filterColumn")), s("qty"));
        pick(row->findChild<QComboBox *>(s("filterOperator")), s("≥"));
        pick(row->findChild<QComboBox *>(s("filterColumn")), s("price"));
        QCOMPARE(row->findChild<QComboBox *>(s("filterOperator"))->currentText(), s("≥"));
    }

    void drivingTheWidgetsBuildsTheFilter()
    {
        auto bar = makeBar();
        QSignalSpy changed(bar.get(), &FilterBar::filterChanged);
        QWidget *title = addRow(*bar, "title", s("contains"));
        QTest::keyClicks(value(title), s("O'Brien 100%_"));
        QTest::mouseClick(title->findChild<QToolButton *>(s("filterIgnoreCase")), Qt::LeftButton);
        QWidget *ref = addRow(*bar, "ref", s("starts with"));
        QTest::keyClicks(value(ref), s("0f"));
        QWidget *qty = addRow(*bar, "qty", s("between"));
        QTest::keyClicks(value(qty), s(" 1"));
        QTest::keyClicks(value(qty, "filterValue2"), s("10"));
        QWidget *mood = addRow(*bar, "mood", s("is one of"));
        auto *labels = mood->findChild<QListWidget *>(s("filterEnumValues"));
        for (int i : {0, 2}) {
            const QRect rect = labels->visualItemRect(labels->item(i));
            // A click on the check box toggles it, as a user would.
            QTest::mouseClick(labels->viewport(), Qt::LeftButton, {},
                              QPoint(rect.left() + rect.height() / 2, rect.center().y()));
        }
        QCOMPARE(labels->item(0)->checkState(), Qt::Checked);
        QCOMPARE(labels->item(1)->checkState(), Qt::Unchecked);
        QCOMPARE(labels->item(2)->checkState(), Qt::Checked);
        QWidget *active = addRow(*bar, "active", s("is false"));
        Q_UNUSED(active);
        addRow(*bar, "seen", s("is not NULL"));
        QWidget *eq = addRow(*bar, "mood", s("="));
        pick(eq->findChild<QComboBox *>(s("filterEnumValue")), s("sad"));
        pick(bar->findChild<QComboBox *>(s("filterMatch")), s("Match any"));
        QCOMPARE(changed.size(), 0);
        QTest::mouseClick(bar->findChild<QPushButton *>(s("filterApply")), Qt::LeftButton);
        QCOMPARE(changed.size(), 1);

        // A uuid is searched as text: the condition reads it through a cast.
        Filter refStarts = cond("ref", Op::StartsWith, {s("0f")});
        refStarts.left = refStarts.left.castTo(s("text"));
        Filter expected = Filter::group(
            Filter::Logic::Or, {
                                   cond("title", Op::Contains, {s("O'Brien 100%_")}).ignoringCase(),
                                   refStarts,
                                   cond("qty", Op::Between, {s("1"), s("10")}),
                                   cond("mood", Op::In, {s("happy"), s("it's ok")}),
                                   cond("active", Op::Eq, {s("false")}),
                                   cond("seen", Op::IsNotNull),
                                   cond("mood", Op::Eq, {s("sad")}),
                               });
        QCOMPARE(describe(changed.first().first().value<Filter>()), describe(expected));
        QCOMPARE(describe(bar->filter()), describe(expected));
        QCOMPARE(describe(bar->appliedFilter()), describe(expected));
        QVERIFY(bar->findChild<QLabel *>(s("filterSummary"))->text().contains(s("7")));

        // Enter in a value applies too; the removed row is gone from the filter.
        QTest::mouseClick(qty->findChild<QToolButton *>(s("filterRemove")), Qt::LeftButton);
        QTRY_COMPARE(rows(*bar).size(), 6);
        QTest::keyClick(value(title), Qt::Key_Return);
        QCOMPARE(changed.size(), 2);
        expected.children.removeAt(2);
        QCOMPARE(describe(changed.last().first().value<Filter>()), describe(expected));
    }

    void clearEmitsAnEmptyFilter()
    {
        auto bar = makeBar();
        QSignalSpy changed(bar.get(), &FilterBar::filterChanged);
        bar->addCondition(s("active"), Op::Eq, true);
        bar->addCondition(s("qty"), Op::Between, QVariantList{5, 7});
        bar->addCondition(s("no_such_column"), Op::Eq, s("x"));
        QCOMPARE(bar->conditionCount(), 2);
        QCOMPARE(rows(*bar).first()->findChild<QComboBox *>(s("filterOperator"))->currentText(),
                 s("is true"));
        QVERIFY(bar->apply());
        QCOMPARE(describe(changed.last().first().value<Filter>()),
                 describe(Filter::group(Filter::Logic::And,
                                        {cond("active", Op::Eq, {s("true")}),
                                         cond("qty", Op::Between, {s("5"), s("7")})})));
        QTest::mouseClick(bar->findChild<QPushButton *>(s("filterClear")), Qt::LeftButton);
        QCOMPARE(changed.size(), 2);
        QVERIFY(changed.last().first().value<Filter>().isEmpty());
        QCOMPARE(bar->conditionCount(), 0);
        QVERIFY(rows(*bar).isEmpty());
        QCOMPARE(bar->findChild<QLabel *>(s("filterSummary"))->text(), s("No filter"));
    }

    void setFilterRoundTrips()
    {
        const QList<Filter> conditions = {
            cond("title", Op::StartsWith, {s("Ab")}),
            cond("title", Op::EndsWith, {s(" x ")}).ignoringCase(),
            cond("title", Op::Ne, {QString()}),
            cond("qty", Op::Le, {s("-3")}),
            cond("price", Op::Between, {s("1.5"), s("2e3")}),
            cond("starts", Op::Gt, {s("2024-02-29")}),
            cond("seen", Op::Lt, {s("2024-01-02 13:14:15.123456+02:00")}),
            cond("mood", Op::In, {s("sad"), s("it's ok")}),
            cond("mood", Op::Ne, {s("happy")}),
            cond("active", Op::Eq, {s("false")}),
            cond("active", Op::IsNull),
            cond("ref", Op::IsNotNull),
            // Not offered for text, kept as given.
            cond("title", Op::Gt, {s("m")}),
        };
        const Filter nested = Filter::group(
            Filter::Logic::And, {cond("qty", Op::Eq, {s("1")}), cond("qty", Op::Ne, {s("2")})});
        const Filter f = Filter::group(Filter::Logic::Or, conditions + QList<Filter>{nested});

        auto bar = makeBar();
        bar->setFilter(f);
        QCOMPARE(bar->conditionCount(), conditions.size());
        QCOMPARE(bar->validationError(), QString());
        QCOMPARE(describe(bar->filter()), describe(f));
        // And once more through a second bar: what it shows is what it was given.
        auto again = makeBar();
        again->setFilter(bar->filter());
        QCOMPARE(describe(again->filter()), describe(f));
        // setFilter does not apply.
        QVERIFY(bar->appliedFilter().isEmpty());
    }

    void badNumbersAndDatesAreRefused_data()
    {
        QTest::addColumn<QString>("columnName");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("int") << s("qty") << s("42") << true;
        QTest::newRow("negative int") << s("qty") << s("-42") << true;
        QTest::newRow("int with letters") << s("qty") << s("12x") << false;
        QTest::newRow("int with decimals") << s("qty") << s("1.5") << false;
        QTest::newRow("injection") << s("qty") << s("1; DROP TABLE jobs") << false;
        QTest::newRow("decimal") << s("price") << s("1.25") << true;
        QTest::newRow("exponent") << s("price") << s("-2.5e-3") << true;
        QTest::newRow("two points") << s("price") << s("1.2.3") << false;
        QTest::newRow("comma") << s("price") << s("1,5") << false;
        QTest::newRow("date") << s("starts") << s("2024-02-29") << true;
        QTest::newRow("no such day") << s("starts") << s("2023-02-29") << false;
        QTest::newRow("today") << s("starts") << s("today") << true;
        QTest::newRow("timestamp") << s("seen") << s("2024-01-02 13:14") << true;
        QTest::newRow("timestamp tz") << s("seen") << s("2024-01-02T13:14:15.5+02:00") << true;
        QTest::newRow("bad timestamp") << s("seen") << s("yesterday-ish") << false;
    }

    void badNumbersAndDatesAreRefused()
    {
        QFETCH(QString, columnName);
        QFETCH(QString, text);
        QFETCH(bool, valid);
        auto bar = makeBar();
        QSignalSpy changed(bar.get(), &FilterBar::filterChanged);
        QWidget *row = addRow(*bar, qPrintable(columnName), s("="));
        auto *apply = bar->findChild<QPushButton *>(s("filterApply"));
        // An empty number is not sent either, but nothing is red yet.
        QVERIFY(!apply->isEnabled());
        QVERIFY(value(row)->styleSheet().isEmpty());
        QTest::keyClicks(value(row), text);
        QCOMPARE(apply->isEnabled(), valid);
        QCOMPARE(bar->validationError().isEmpty(), valid);
        QTest::keyClick(value(row), Qt::Key_Return);
        QTest::mouseClick(apply, Qt::LeftButton);
        if (valid) {
            QCOMPARE(changed.size(), 2);
            QVERIFY(value(row)->styleSheet().isEmpty());
            return;
        }
        QCOMPARE(changed.size(), 0);
        QVERIFY(!bar->apply());
        QCOMPARE(changed.size(), 0);
        // The user sees why: a red field, and the reason on the field and the Apply button.
        QVERIFY(value(row)->styleSheet().contains(s("#d32f2f")));
        QVERIFY2(value(row)->toolTip().contains(text), qPrintable(value(row)->toolTip()));
        QCOMPARE(apply->toolTip(), value(row)->toolTip());
        QVERIFY(bar->findChild<QLabel *>(s("filterProblem"))->isVisible());
        // Fixing the value lets it through.
        value(row)->clear();
        QTest::keyClicks(value(row), s("7"));
        if (columnName == s("starts") || columnName == s("seen")) {
            QVERIFY(!apply->isEnabled());
            value(row)->setText(s("2024-05-06"));
        }
        QVERIFY(apply->isEnabled());
        QTest::keyClick(value(row), Qt::Key_Return);
        QCOMPARE(changed.size(), 1);
    }

    void emptyEnumListIsRefused()
    {
        auto bar = makeBar();
        QWidget *row = addRow(*bar, "mood", s("is one of"));
        QVERIFY(!bar->apply());
        QVERIFY(bar->validationError().contains(s("mood")));
        row->findChild<QListWidget *>(s("filterEnumValues"))->item(1)->setCheckState(Qt::Checked);
        QVERIFY(bar->apply());
        QCOMPARE(describe(bar->appliedFilter()),
                 describe(Filter::group(Filter::Logic::And, {cond("mood", Op::In, {s("sad")})})));
    }
};

QTEST_MAIN(TestFilterBar)
#include "tst_filterbar.moc"
