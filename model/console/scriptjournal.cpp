#include "model/console/scriptjournal.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <utility>

namespace dbx::model {

namespace {

const QLatin1String kSuffix(".json");

QJsonObject parametersToJson(const ParameterValues &values)
{
    QJsonObject object;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        object.insert(it.key(), it->has_value() ? QJsonValue(it->value()) : QJsonValue());
    return object;
}

ParameterValues parametersFromJson(const QJsonObject &object)
{
    ParameterValues values;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it->isString())
            values.insert(it.key(), it->toString());
        else
            values.insert(it.key(), std::nullopt);
    }
    return values;
}

} // namespace

ScriptJournal::ScriptJournal(QString directory, QObject *parent)
    : QObject(parent)
    , m_directory(std::move(directory))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(500);
    connect(m_timer, &QTimer::timeout, this, [this] { flush(); });
}

ScriptJournal::~ScriptJournal()
{
    flush();
}

QString ScriptJournal::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/console");
}

void ScriptJournal::setDebounceMs(int ms)
{
    m_timer->setInterval(ms);
}

int ScriptJournal::debounceMs() const
{
    return m_timer->interval();
}

QString ScriptJournal::pathOf(const QString &id) const
{
    return m_directory + QLatin1Char('/') + id + kSuffix;
}

QList<JournalEntry> ScriptJournal::entries() const
{
    QList<JournalEntry> found;
    const QDir dir(m_directory);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        std::optional<JournalEntry> entry = fromJson(file.readAll());
        if (!entry)
            continue;
        entry->id = name.chopped(kSuffix.size());
        // A change not yet written is newer than the file.
        found << m_pending.value(entry->id, *entry);
    }
    for (const JournalEntry &pending : m_pending) {
        if (!QFile::exists(pathOf(pending.id)))
            found << pending;
    }
    std::sort(found.begin(), found.end(), [](const JournalEntry &a, const JournalEntry &b) {
        return a.opened != b.opened ? a.opened < b.opened : a.id < b.id;
    });
    return found;
}

QString ScriptJournal::newId() const
{
    QString id;
    do {
        id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    } while (QFile::exists(pathOf(id)) || m_pending.contains(id));
    return id;
}

void ScriptJournal::update(const JournalEntry &entry)
{
    m_pending.insert(entry.id, entry);
    if (!m_timer->isActive())
        m_timer->start();
}

bool ScriptJournal::flush(QString *error)
{
    m_timer->stop();
    bool ok = true;
    const QHash<QString, JournalEntry> pending = std::exchange(m_pending, {});
    for (const JournalEntry &entry : pending) {
        QString message;
        if (!write(entry, &message)) {
            ok = false;
            if (error)
                *error = message;
            emit writeFailed(entry.id, message);
        }
    }
    return ok;
}

void ScriptJournal::forget(const QString &id)
{
    m_pending.remove(id);
    QFile::remove(pathOf(id));
}

bool ScriptJournal::write(const JournalEntry &entry, QString *error)
{
    if (!QDir().mkpath(m_directory)) {
        *error = tr("The folder %1 cannot be created.").arg(QDir::toNativeSeparators(m_directory));
        return false;
    }
    QSaveFile file(pathOf(entry.id));
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson(entry)) < 0 || !file.commit()) {
        *error = tr("The script could not be saved to %1: %2")
                     .arg(QDir::toNativeSeparators(file.fileName()), file.errorString());
        return false;
    }
    return true;
}

QByteArray ScriptJournal::toJson(const JournalEntry &entry)
{
    QJsonObject object;
    object.insert(QStringLiteral("version"), 1);
    object.insert(QStringLiteral("opened"), QString::number(entry.opened));
    object.insert(QStringLiteral("title"), entry.title);
    object.insert(QStringLiteral("text"), entry.text);
    object.insert(QStringLiteral("file"), entry.filePath);
    object.insert(QStringLiteral("caret"), qint64(entry.caret));
    object.insert(QStringLiteral("modified"), entry.modified);
    object.insert(QStringLiteral("parameters"), parametersToJson(entry.parameters));
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

std::optional<JournalEntry> ScriptJournal::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    if (!object.value(QStringLiteral("text")).isString())
        return std::nullopt;
    JournalEntry entry;
    entry.opened = object.value(QStringLiteral("opened")).toString().toLongLong();
    entry.title = object.value(QStringLiteral("title")).toString();
    entry.text = object.value(QStringLiteral("text")).toString();
    entry.filePath = object.value(QStringLiteral("file")).toString();
    entry.caret = qsizetype(object.value(QStringLiteral("caret")).toInteger());
    entry.modified = object.value(QStringLiteral("modified")).toBool();
    entry.parameters = parametersFromJson(object.value(QStringLiteral("parameters")).toObject());
    return entry;
}

} // namespace dbx::model
