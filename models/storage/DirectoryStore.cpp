#include "storage/DirectoryStore.h"

#include "core/JsonReader.h"
#include "domain/IndexRecord.h"
#include "storage/ProfileMeta.h"
#include "taxonomy/TextFolding.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace htmse {

using namespace Qt::StringLiterals;

DirectoryStore::DirectoryStore(QSqlDatabase db)
    : m_db(std::move(db))
{}

bool DirectoryStore::upsert(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                            QString* error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    if (!writeRows(professionals, organisations, error)) {
        m_db.rollback();
        return false;
    }
    if (!m_db.commit()) {
        if (error)
            *error = m_db.lastError().text();
        m_db.rollback();
        m_dictionaryLoaded = false;
        return false;
    }
    return true;
}

bool DirectoryStore::applyChanges(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                                  const QList<QUuid>& removedProfessionals, const QList<QUuid>& removedOrganisations,
                                  QString* error)
{
    if (!writeRows(professionals, organisations, error))
        return false;
    QSqlQuery q(m_db);
    QSqlQuery index(m_db);
    q.prepare(u"DELETE FROM directory_professionals WHERE id = ?"_s);
    index.prepare(u"DELETE FROM directory_index WHERE id = ?"_s);
    for (const QUuid& id : removedProfessionals) {
        q.addBindValue(uuidString(id));
        index.addBindValue(uuidString(id));
        const bool removed = q.exec();
        if (!removed || !index.exec()) {
            if (error)
                *error = removed ? index.lastError().text() : q.lastError().text();
            return false;
        }
    }
    q.prepare(u"DELETE FROM directory_organisations WHERE id = ?"_s);
    for (const QUuid& id : removedOrganisations) {
        q.addBindValue(uuidString(id));
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

bool DirectoryStore::writeRows(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                               QString* error)
{
    QSqlQuery q(m_db);
    QString failure; // the index records' error, when they are what failed
    bool ok = q.prepare(u"INSERT OR REPLACE INTO directory_professionals (id, server_version, updated_at, sort_name, "
                        "body) VALUES (?, ?, ?, ?, ?)"_s);
    for (qsizetype i = 0; ok && i < professionals.size(); ++i) {
        const Professional& p = professionals.at(i);
        q.addBindValue(uuidString(p.id));
        q.addBindValue(p.serverVersion);
        q.addBindValue(toIsoUtc(p.updatedAt));
        q.addBindValue(foldForSearch(p.displayName));
        // The JSON's UTF-8 bytes as they are (a BLOB): no conversion to UTF-16 and back.
        q.addBindValue(QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact));
        ok = q.exec();
    }
    if (ok && !writeIndexRecords(professionals, &failure))
        ok = false;
    if (ok)
        ok = q.prepare(u"INSERT OR REPLACE INTO directory_organisations (id, body) VALUES (?, ?)"_s);
    for (qsizetype i = 0; ok && i < organisations.size(); ++i) {
        q.addBindValue(uuidString(organisations.at(i).id));
        q.addBindValue(QJsonDocument(organisations.at(i).toJson()).toJson(QJsonDocument::Compact));
        ok = q.exec();
    }
    if (!ok) {
        m_dictionaryLoaded = false; // numbers given in this transaction will not be kept
        if (error)
            *error = failure.isEmpty() ? q.lastError().text() : failure;
        return false;
    }
    return true;
}

bool DirectoryStore::remove(const QList<QUuid>& professionals, QString* error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
    QSqlQuery q(m_db);
    QSqlQuery index(m_db);
    q.prepare(u"DELETE FROM directory_professionals WHERE id = ?"_s);
    index.prepare(u"DELETE FROM directory_index WHERE id = ?"_s);
    for (const QUuid& id : professionals) {
        q.addBindValue(uuidString(id));
        index.addBindValue(uuidString(id));
        const bool removed = q.exec();
        if (!removed || !index.exec()) {
            if (error)
                *error = removed ? index.lastError().text() : q.lastError().text();
            m_db.rollback();
            return false;
        }
    }
    return m_db.commit();
}

std::optional<Professional> DirectoryStore::professional(const QUuid& id) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT body FROM directory_professionals WHERE id = ?"_s);
    q.addBindValue(uuidString(id));
    if (!q.exec() || !q.next())
        return std::nullopt;
    ValidationProblems problems;
    const auto object = parseJsonObject(q.value(0).toByteArray(), problems);
    return object ? Professional::fromJson(*object, problems) : std::nullopt;
}

void DirectoryStore::forEach(const std::function<void(const Professional&)>& visit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT body FROM directory_professionals"_s))
        return;
    while (q.next()) {
        ValidationProblems problems;
        const auto object = parseJsonObject(q.value(0).toByteArray(), problems);
        if (const auto p = object ? Professional::fromJson(*object, problems) : std::nullopt)
            visit(*p);
    }
}

QList<Professional> DirectoryStore::page(const Cursor& after, int limit, Cursor* last) const
{
    QList<Professional> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT sort_name, id, body FROM directory_professionals WHERE (sort_name, id) > (?, ?) "
              "ORDER BY sort_name, id LIMIT ?"_s);
    q.addBindValue(after.sortName);
    q.addBindValue(after.id);
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next()) {
        if (last)
            *last = {q.value(0).toString(), q.value(1).toString()};
        ValidationProblems problems;
        const auto object = parseJsonObject(q.value(2).toByteArray(), problems);
        if (auto p = object ? Professional::fromJson(*object, problems) : std::nullopt)
            out.append(*std::move(p));
    }
    return out;
}

bool DirectoryStore::loadDictionary(QString* error)
{
    // Another DirectoryStore on the same database may have numbered words since this one read
    // the dictionary: then it is read again before any record is decoded or any new word gets a
    // number.
    if (m_dictionaryLoaded) {
        QSqlQuery next(m_db);
        next.setForwardOnly(true);
        if (next.exec(u"SELECT COALESCE(MAX(id), -1) + 1 FROM directory_words"_s) && next.next() &&
            next.value(0).toLongLong() == m_dictionary.size())
            return true;
        m_dictionaryLoaded = false;
    }
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id, word FROM directory_words ORDER BY id"_s)) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    std::vector<QString> words;
    bool damaged = false;
    while (q.next()) {
        // Numbers are dense from 0: a gap means a damaged table.
        if (q.value(0).toLongLong() != qint64(words.size())) {
            damaged = true;
            break;
        }
        words.push_back(q.value(1).toString());
    }
    q.finish();
    if (damaged) {
        // Start the numbering afresh: without records every profile's is rebuilt from its
        // document at the next unlock, and no new word can collide with an old number.
        QSqlQuery reset(m_db);
        if (!reset.exec(u"DELETE FROM directory_index"_s) || !reset.exec(u"DELETE FROM directory_words"_s)) {
            if (error)
                *error = reset.lastError().text();
            return false;
        }
        words.clear();
    }
    m_dictionary.assign(std::move(words));
    m_dictionaryLoaded = true;
    return true;
}

bool DirectoryStore::writeIndexRecords(const QList<Professional>& professionals, QString* error)
{
    if (!loadDictionary(error))
        return false;
    QSqlQuery index(m_db);
    bool ok = index.prepare(u"INSERT OR REPLACE INTO directory_index (id, record) VALUES (?, ?)"_s);
    for (qsizetype i = 0; ok && i < professionals.size(); ++i) {
        index.addBindValue(uuidString(professionals.at(i).id));
        index.addBindValue(IndexRecord::from(professionals.at(i)).serialize(m_dictionary));
        ok = index.exec();
    }
    QSqlQuery word(m_db);
    ok = ok && word.prepare(u"INSERT INTO directory_words (id, word) VALUES (?, ?)"_s);
    for (const auto& [id, text] : m_dictionary.takeAdded()) {
        if (!ok)
            break;
        word.addBindValue(qint64(id));
        word.addBindValue(text);
        ok = word.exec();
    }
    if (!ok && error)
        *error = index.lastError().type() != QSqlError::NoError ? index.lastError().text() : word.lastError().text();
    return ok;
}

const WordDictionary& DirectoryStore::wordDictionary()
{
    loadDictionary(nullptr);
    return m_dictionary;
}

void DirectoryStore::forEachIndexRecord(const std::function<void(const IndexRecord&)>& visit)
{
    if (!loadDictionary(nullptr))
        return;
    // The records alone: the documents' pages are not read, and each word is a number.
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    QStringList stale;
    if (!q.exec(u"SELECT id, record FROM directory_index"_s))
        return;
    qint64 read = 0;
    while (q.next()) {
        ++read;
        if (const auto record = IndexRecord::deserialize(q.value(1).toByteArray(), m_dictionary))
            visit(*record);
        else
            stale.append(q.value(0).toString());
    }
    // Records of another format, damaged or missing: rebuilt from the documents (with their
    // words as text) and written back, so the next unlock reads them directly.
    QList<Professional> rebuilt;
    const auto rebuild = [&](const QByteArray& body) {
        ValidationProblems problems;
        const auto object = parseJsonObject(body, problems);
        if (const auto p = object ? Professional::fromJson(*object, problems) : std::nullopt) {
            visit(IndexRecord::from(*p));
            rebuilt.append(*p);
        }
    };
    // Counting uses an index; looking for the missing ones reads every document, so only then.
    QSqlQuery missing(m_db);
    missing.setForwardOnly(true);
    if (missing.exec(u"SELECT count(*) FROM directory_professionals"_s) && missing.next() &&
        missing.value(0).toLongLong() > read &&
        missing.exec(u"SELECT body FROM directory_professionals WHERE id NOT IN (SELECT id FROM directory_index)"_s))
        while (missing.next())
            rebuild(missing.value(0).toByteArray());
    QSqlQuery one(m_db);
    one.prepare(u"SELECT body FROM directory_professionals WHERE id = ?"_s);
    for (const QString& id : std::as_const(stale)) {
        one.addBindValue(id);
        if (one.exec() && one.next())
            rebuild(one.value(0).toByteArray());
    }
    one.finish();
    missing.finish();
    q.finish();
    if (!rebuilt.isEmpty() && m_db.transaction()) {
        // The rebuilt records are kept for the next unlock; if that fails, they are rebuilt again.
        if (!writeIndexRecords(rebuilt, nullptr) || !m_db.commit()) {
            m_db.rollback();
            m_dictionaryLoaded = false;
        }
    }
}

QList<DirectoryStore::StoredIndexRecord> DirectoryStore::storedIndexRecords(const QString& afterId, int limit,
                                                                            bool* ok) const
{
    QList<StoredIndexRecord> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Keyset paging on the primary key: each chunk is a query of its own, so nothing stays open
    // between chunks while sync writes on the same connection.
    q.prepare(u"SELECT id, record FROM directory_index WHERE id > ? ORDER BY id LIMIT ?"_s);
    q.addBindValue(afterId);
    q.addBindValue(limit);
    const bool done = q.exec();
    if (ok)
        *ok = done;
    if (!done)
        return out;
    out.reserve(limit);
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toByteArray()});
    return out;
}

qsizetype DirectoryStore::storedIndexRecordCount() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    return q.exec(u"SELECT count(*) FROM directory_index"_s) && q.next() ? q.value(0).toLongLong() : 0;
}

QHash<QUuid, QString> DirectoryStore::organisationNames() const
{
    QHash<QUuid, QString> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT id, body FROM directory_organisations"_s))
        while (q.next())
            out.insert(QUuid::fromString(q.value(0).toString()),
                       QJsonDocument::fromJson(q.value(1).toByteArray()).object().value("name"_L1).toString());
    return out;
}

DirectoryStore::Stats DirectoryStore::stats() const
{
    Stats s;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT count(*) FROM directory_professionals"_s) && q.next())
        s.professionals = q.value(0).toLongLong();
    if (q.exec(u"SELECT count(*) FROM directory_organisations"_s) && q.next())
        s.organisations = q.value(0).toLongLong();
    q.finish();
    const ProfileMeta meta(m_db);
    s.cursor = meta.value(ProfileMeta::Key::DirectoryCursor).toString();
    s.lastSync = QDateTime::fromString(meta.value(ProfileMeta::Key::DirectoryLastSync).toString(), Qt::ISODateWithMs);
    return s;
}

} // namespace htmse
