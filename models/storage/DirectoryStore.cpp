#include "storage/DirectoryStore.h"

#include "domain/JsonReader.h"
#include "matching/IndexRecord.h"
#include "matching/MatchEngine.h"
#include "matching/SearchIndex.h"
#include "storage/AuditLog.h"
#include "taxonomy/TextFolding.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace htmse {

using namespace Qt::StringLiterals;

DirectoryStore::DirectoryStore(QSqlDatabase db, const Clock& clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

bool DirectoryStore::upsert(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                            QString* error)
{
    if (!m_db.transaction()) {
        if (error)
            *error = m_db.lastError().text();
        return false;
    }
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
        q.addBindValue(QString::fromUtf8(QJsonDocument(p.toJson()).toJson(QJsonDocument::Compact)));
        ok = q.exec();
    }
    if (ok && !writeIndexRecords(professionals, &failure))
        ok = false;
    if (ok)
        ok = q.prepare(u"INSERT OR REPLACE INTO directory_organisations (id, body) VALUES (?, ?)"_s);
    for (qsizetype i = 0; ok && i < organisations.size(); ++i) {
        q.addBindValue(uuidString(organisations.at(i).id));
        q.addBindValue(QString::fromUtf8(QJsonDocument(organisations.at(i).toJson()).toJson(QJsonDocument::Compact)));
        ok = q.exec();
    }
    if (!ok) {
        m_dictionaryLoaded = false; // numbers given in this transaction were not kept
        if (error)
            *error = failure.isEmpty() ? q.lastError().text() : failure;
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
    const auto object = parseJsonObject(q.value(0).toString().toUtf8(), problems);
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
        const auto object = parseJsonObject(q.value(0).toString().toUtf8(), problems);
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
        const auto object = parseJsonObject(q.value(2).toString().toUtf8(), problems);
        if (auto p = object ? Professional::fromJson(*object, problems) : std::nullopt)
            out.append(*std::move(p));
    }
    return out;
}

bool DirectoryStore::loadDictionary(QString* error)
{
    if (m_dictionaryLoaded)
        return true;
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
    // Another DirectoryStore on the same database may have numbered words since this one read
    // the dictionary: then it is read again before any new word gets a number.
    if (m_dictionaryLoaded) {
        QSqlQuery next(m_db);
        if (next.exec(u"SELECT COALESCE(MAX(id), -1) + 1 FROM directory_words"_s) && next.next() &&
            next.value(0).toLongLong() != m_dictionary.size())
            m_dictionaryLoaded = false;
    }
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

void DirectoryStore::loadIndexes(MatchEngine* engine, SearchIndex* search)
{
    if (!loadDictionary(nullptr))
        return;
    const QHash<QUuid, QString> organisations = search ? organisationNames() : QHash<QUuid, QString>();
    if (search)
        search->setDictionary(m_dictionary);
    const auto add = [&](const IndexRecord& record) {
        if (engine)
            engine->upsert(record);
        if (search)
            search->add(record, organisations.value(record.organisationId));
    };
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
            add(*record);
        else
            stale.append(q.value(0).toString());
    }
    // Records of another format, damaged or missing: rebuilt from the documents and written
    // back, so the next unlock reads them directly.
    QList<Professional> rebuilt;
    const auto rebuild = [&](const QString& body) {
        ValidationProblems problems;
        const auto object = parseJsonObject(body.toUtf8(), problems);
        if (const auto p = object ? Professional::fromJson(*object, problems) : std::nullopt) {
            add(IndexRecord::from(*p));
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
            rebuild(missing.value(0).toString());
    QSqlQuery one(m_db);
    one.prepare(u"SELECT body FROM directory_professionals WHERE id = ?"_s);
    for (const QString& id : std::as_const(stale)) {
        one.addBindValue(id);
        if (one.exec() && one.next())
            rebuild(one.value(0).toString());
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
    if (search)
        search->finish();
}

QHash<QUuid, QString> DirectoryStore::organisationNames() const
{
    QHash<QUuid, QString> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (q.exec(u"SELECT id, body FROM directory_organisations"_s))
        while (q.next())
            out.insert(QUuid::fromString(q.value(0).toString()),
                       QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object().value("name"_L1).toString());
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
    if (q.exec(u"SELECT key, value FROM meta WHERE key IN ('directory_cursor', 'directory_last_sync')"_s))
        while (q.next()) {
            if (q.value(0).toString() == "directory_cursor"_L1)
                s.cursor = q.value(1).toString();
            else
                s.lastSync = QDateTime::fromString(q.value(1).toString(), Qt::ISODateWithMs);
        }
    return s;
}

DirectoryStore::ImportReport DirectoryStore::importFile(const QByteArray& bytes, QString* error,
                                                        const QString& sourceName)
{
    if (HsdsImport::looksLikeHsdsJson(bytes))
        return importHsds(HsdsImport::readJson(bytes, sourceName, m_clock.now()), error);
    ImportReport report;
    report.format = u"htmse-directory"_s;
    DirectoryFileContents contents = DirectoryFile::read(bytes);
    report.problems = contents.problems;
    report.skipped = contents.skipped;
    report.readable = contents.readable;
    if (contents.readable)
        store(contents.professionals, contents.organisations, report, error);
    return report;
}

DirectoryStore::ImportReport DirectoryStore::importHsds(const HsdsImportResult& hsds, QString* error)
{
    ImportReport report;
    report.format = u"hsds"_s;
    report.hsdsProblems = hsds.problems;
    for (const HsdsProblem& p : hsds.problems)
        report.problems.add(p.path(), p.reason);
    report.skipped = hsds.skipped;
    report.readable = hsds.readable;
    if (hsds.readable)
        store(hsds.professionals, hsds.organisations, report, error);
    return report;
}

void DirectoryStore::store(const QList<Professional>& professionals, const QList<Organisation>& organisations,
                           ImportReport& report, QString* error)
{
    // Batches of 1,000, as sync writes pages: memory stays flat and each batch is atomic.
    constexpr qsizetype kBatch = 1000;
    for (qsizetype i = 0; i < professionals.size(); i += kBatch) {
        const QList<Organisation> batchOrganisations = i == 0 ? organisations : QList<Organisation>();
        if (!upsert(professionals.mid(i, kBatch), batchOrganisations, error))
            return;
        report.organisations = organisations.size();
        report.imported += std::min(kBatch, professionals.size() - i);
    }
    if (professionals.isEmpty()) {
        if (!upsert({}, organisations, error))
            return;
        report.organisations = organisations.size();
    }
    QString detail = u"imported: %1, skipped: %2"_s.arg(report.imported).arg(report.skipped);
    if (report.format != "htmse-directory"_L1)
        detail += u", format: "_s + report.format;
    AuditLog(m_db, m_clock).append(u"directory-import"_s, detail);
}

} // namespace htmse
