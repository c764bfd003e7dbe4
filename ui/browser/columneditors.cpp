#include "ui/browser/columneditors.h"

#include "model/data/rowlabel.h"
#include "ui/edit/foreignkeyeditor.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpressionValidator>
#include <QTimeEdit>

namespace dbx::ui {

namespace {

const char *kindProperty = "dbxColumnKind";
const char *nullProperty = "dbxNull";
// The value read from the server, to the microsecond: a date/time editor holds milliseconds,
// so an untouched value must go back as it came, not truncated.
const char *originalProperty = "dbxOriginal";

// The editor's value, or the original when the editor still shows what it was given.
QVariant unlessUnchanged(const QWidget *editor, const QVariant &edited)
{
    const QVariant original = editor->property(originalProperty);
    if (original.isValid() && !original.isNull() &&
        original.value<QDateTime>() == edited.value<QDateTime>())
        return original;
    if (original.isValid() && !original.isNull() && edited.typeId() == QMetaType::QTime &&
        original.value<QTime>() == edited.toTime())
        return original;
    return edited;
}

QString nullText()
{
    return QStringLiteral("NULL");
}

} // namespace

ColumnEditors::ColumnEditors(model::Database *database, const model::TableInfo &table,
                             const model::SchemaSnapshot &snapshot)
    : m_db(database)
    , m_table(table)
    , m_foreignKeys(model::foreignLabels(table, snapshot))
{
    for (const model::ColumnInfo &c : table.columns) {
        QStringList labels;
        if (c.dataType.kind == model::TypeKind::Enum) {
            // format_type() names the enum as the search path shows it: maybe schema-qualified.
            QString schema = table.schema;
            QString name = c.type;
            if (name.contains(QLatin1Char('.'))) {
                schema = name.section(QLatin1Char('.'), 0, 0);
                name = name.section(QLatin1Char('.'), 1);
            }
            name.remove(QLatin1Char('"'));
            schema.remove(QLatin1Char('"'));
            if (const model::EnumInfo *e = snapshot.enumType(schema, name))
                labels = e->labels;
            else if (const model::EnumInfo *p = snapshot.enumType(QStringLiteral("public"), name))
                labels = p->labels;
        }
        m_enumLabels << labels;
    }
}

const model::ForeignLabel *ColumnEditors::foreignKey(int column) const
{
    const QString name = m_table.columns.value(column).name;
    for (const model::ForeignLabel &fk : m_foreignKeys) {
        if (fk.column == name)
            return &fk;
    }
    return nullptr;
}

bool ColumnEditors::nullable(int column) const
{
    return !m_table.columns.value(column).notNull;
}

ColumnEditors::Kind ColumnEditors::kind(int column) const
{
    const model::ColumnInfo c = m_table.columns.value(column);
    if (foreignKey(column) && m_db)
        return Kind::ForeignKey;
    if (!m_enumLabels.value(column).isEmpty())
        return Kind::Enum;
    using model::TypeKind;
    switch (c.dataType.kind) {
    case TypeKind::Boolean:
        return Kind::Boolean;
    case TypeKind::Integer:
        return Kind::Integer;
    case TypeKind::Decimal:
    case TypeKind::Float:
        return Kind::Decimal;
    case TypeKind::Date:
        return Kind::Date;
    case TypeKind::Timestamp:
        return Kind::DateTime;
    case TypeKind::Time:
        return Kind::Time;
    case TypeKind::Json:
        return Kind::LongText;
    default:
        break;
    }
    if (c.dataType.baseOid == model::TypeOid::Text || c.dataType.baseOid == model::TypeOid::Xml)
        return Kind::LongText;
    return Kind::Text;
}

QWidget *ColumnEditors::create(int column, QWidget *parent, bool multiLine) const
{
    const Kind k = kind(column);
    QWidget *editor = nullptr;
    switch (k) {
    case Kind::ForeignKey:
        editor = new ForeignKeyEditor(m_db, *foreignKey(column), nullable(column), parent);
        break;
    case Kind::Enum:
    case Kind::Boolean: {
        auto *combo = new QComboBox(parent);
        const QStringList items =
            k == Kind::Enum ? m_enumLabels.value(column)
                            : QStringList{QStringLiteral("true"), QStringLiteral("false")};
        for (const QString &item : items)
            combo->addItem(item, item);
        if (nullable(column))
            combo->addItem(nullText(), QVariant());
        editor = combo;
        break;
    }
    case Kind::Date: {
        auto *date = new QDateEdit(parent);
        date->setCalendarPopup(true);
        date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        editor = date;
        break;
    }
    case Kind::DateTime: {
        auto *dt = new QDateTimeEdit(parent);
        dt->setCalendarPopup(true);
        dt->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        editor = dt;
        break;
    }
    case Kind::Time: {
        auto *t = new QTimeEdit(parent);
        t->setDisplayFormat(QStringLiteral("HH:mm:ss.zzz"));
        editor = t;
        break;
    }
    case Kind::LongText:
        if (multiLine) {
            auto *text = new QPlainTextEdit(parent);
            text->setTabChangesFocus(true);
            text->setMaximumHeight(90);
            editor = text;
            break;
        }
        [[fallthrough]];
    case Kind::Text:
    case Kind::Integer:
    case Kind::Decimal: {
        auto *line = new QLineEdit(parent);
        if (k == Kind::Integer) {
            line->setValidator(new QRegularExpressionValidator(
                QRegularExpression(QStringLiteral(R"(-?\d{0,19})")), line));
        } else if (k == Kind::Decimal) {
            line->setValidator(new QRegularExpressionValidator(
                QRegularExpression(QStringLiteral(R"(-?\d*\.?\d*([eE][-+]?\d*)?|NaN|-?Infinity)")),
                line));
        }
        static const QRegularExpression limit(QStringLiteral(R"(\((\d+)\)$)"));
        const QString type = m_table.columns.value(column).type;
        const QRegularExpressionMatch m = limit.match(type);
        if (m.hasMatch() && (type.startsWith(QLatin1String("character")) ||
                             type.startsWith(QLatin1String("varchar"))))
            line->setMaxLength(m.captured(1).toInt());
        editor = line;
        break;
    }
    }
    editor->setProperty(kindProperty, int(k));
    return editor;
}

void ColumnEditors::setValue(QWidget *editor, const QVariant &value, const QString &label) const
{
    editor->setProperty(nullProperty, value.isNull());
    editor->setProperty(originalProperty, value);
    if (auto *fk = qobject_cast<ForeignKeyEditor *>(editor)) {
        if (value.isNull())
            fk->setNull();
        else
            fk->setValue(value.toString(), label);
    } else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        QString text = value.toString();
        if (value.typeId() == QMetaType::Bool)
            text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        const int at = value.isNull() ? combo->findData(QVariant()) : combo->findData(text);
        combo->setCurrentIndex(qMax(0, at));
    } else if (auto *date = qobject_cast<QDateEdit *>(editor)) {
        date->setDate(value.isNull() ? QDate::currentDate() : value.toDate());
    } else if (auto *time = qobject_cast<QTimeEdit *>(editor)) {
        time->setTime(value.isNull() ? QTime::currentTime() : value.toTime());
    } else if (auto *dt = qobject_cast<QDateTimeEdit *>(editor)) {
        const QDateTime v = value.isNull() ? QDateTime::currentDateTime() : value.toDateTime();
        dt->setTimeSpec(v.timeSpec());
        dt->setDateTime(v);
    } else if (auto *text = qobject_cast<QPlainTextEdit *>(editor)) {
        text->setPlainText(value.toString());
        text->setPlaceholderText(value.isNull() ? nullText() : QString());
    } else if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        line->setText(value.toString());
        line->setPlaceholderText(value.isNull() ? nullText() : QString());
        // Typing into a NULL cell makes it a value; an untouched NULL stays NULL.
        QObject::connect(line, &QLineEdit::textEdited, line,
                         [line] { line->setProperty(nullProperty, false); });
    }
}

QVariant ColumnEditors::value(QWidget *editor, QString *label) const
{
    if (auto *fk = qobject_cast<ForeignKeyEditor *>(editor)) {
        if (fk->isNull())
            return {};
        if (label)
            *label = fk->label();
        return fk->key();
    }
    if (auto *combo = qobject_cast<QComboBox *>(editor))
        return combo->currentData();
    if (auto *date = qobject_cast<QDateEdit *>(editor))
        return date->date();
    if (auto *time = qobject_cast<QTimeEdit *>(editor))
        return unlessUnchanged(editor, time->time());
    if (auto *dt = qobject_cast<QDateTimeEdit *>(editor))
        return unlessUnchanged(editor, dt->dateTime());
    if (auto *text = qobject_cast<QPlainTextEdit *>(editor)) {
        if (text->toPlainText().isEmpty() && !text->placeholderText().isEmpty())
            return {};
        return text->toPlainText();
    }
    if (auto *line = qobject_cast<QLineEdit *>(editor)) {
        if (line->text().isEmpty() && editor->property(nullProperty).toBool())
            return {};
        return line->text();
    }
    return {};
}

void ColumnEditors::onCommitted(QWidget *editor, QObject *receiver,
                                const std::function<void()> &changed) const
{
    if (auto *fk = qobject_cast<ForeignKeyEditor *>(editor))
        QObject::connect(fk, &ForeignKeyEditor::valueChosen, receiver, changed);
    else if (auto *combo = qobject_cast<QComboBox *>(editor))
        QObject::connect(combo, &QComboBox::activated, receiver, changed);
    else if (auto *dt = qobject_cast<QDateTimeEdit *>(editor))
        QObject::connect(dt, &QDateTimeEdit::editingFinished, receiver, changed);
    else if (auto *line = qobject_cast<QLineEdit *>(editor))
        QObject::connect(line, &QLineEdit::editingFinished, receiver, changed);
    else if (auto *text = qobject_cast<QPlainTextEdit *>(editor))
        QObject::connect(text, &QPlainTextEdit::textChanged, receiver, changed);
}

void ColumnEditors::onProblem(QWidget *editor, QObject *receiver,
                              const std::function<void(const QString &)> &problem) const
{
    if (auto *fk = qobject_cast<ForeignKeyEditor *>(editor))
        QObject::connect(fk, &ForeignKeyEditor::problemChanged, receiver, problem);
}

} // namespace dbx::ui
