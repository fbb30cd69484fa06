#include "domain/IndexRecord.h"

#include "domain/Vocabulary.h"
#include "taxonomy/NeedsTaxonomy.h"
#include "taxonomy/TextFolding.h"

#include <QHash>
#include <QtEndian>

#include <bit>
#include <cstring>
#include <limits>

namespace htmse {

using namespace Qt::StringLiterals;

IndexRecord IndexRecord::from(const Professional& p, Content content)
{
    IndexRecord r;
    r.id = p.id;
    r.name = p.displayName;
    r.organisationId = p.organisationId;
    r.services = p.services;
    for (const LanguageSkill& l : p.languages) {
        r.languages.append(l.code);
        r.lowProficiency.append(char(l.proficiency == "working"_L1 || l.proficiency == "basic"_L1 ? 1 : 0));
    }
    for (const ServiceLocation& l : p.locations)
        if (l.point) {
            r.coordinates.append(float(l.point->latitude()));
            r.coordinates.append(float(l.point->longitude()));
            r.confidential.append(char(l.confidential ? 1 : 0));
        }
    r.active = p.active;
    r.accepting = p.capacity.acceptingReferrals;
    r.remote = p.remoteService;
    r.interpreter = p.interpreterAvailable;
    r.free = p.cost.free;
    r.legalAid = p.cost.legalAid;
    r.proBono = p.cost.proBono;
    r.responseDays = p.capacity.typicalResponseDays ? qint16(*p.capacity.typicalResponseDays) : qint16(-1);
    r.gender = p.gender;
    r.verification = p.verification.status;
    r.verifiedOn = p.verification.verifiedAt.date();
    if (p.expertWitness) {
        r.expert = true;
        r.disciplines = p.expertWitness->disciplines;
        r.reportTypes = p.expertWitness->reportTypes;
        r.jurisdictions = p.expertWitness->jurisdictions;
        r.courtAppearances = p.expertWitness->courtAppearances;
        r.acceptingInstructions = p.expertWitness->acceptingInstructions;
    }
    for (const OpeningHours& h : p.openingHours) {
        quint32 days = 0;
        for (const int d : h.days)
            days |= 1u << unsigned(d - 1);
        r.hours.append(days << 22 | quint32(h.opensMinute) << 11 | quint32(h.closesMinute));
    }
    r.timeZone = p.timeZone;
    r.accessibility = p.accessibility;
    if (content == Content::MatchingOnly)
        return r;
    // Search words with the best field each appears in.
    QHash<QString, quint8> best;
    QStringList order;
    const auto add = [&](const QString& text, quint8 weight) {
        for (const QString& w : searchWords(text)) {
            auto it = best.find(w);
            if (it == best.end()) {
                best.insert(w, weight);
                order.append(w);
            } else if (*it < weight) {
                *it = weight;
            }
        }
    };
    add(p.displayName, 3);
    add(p.title, 2);
    for (const QString& k : p.keywords)
        add(k, 2);
    for (const QString& s : p.services)
        add(NeedsTaxonomy::instance().label(s), 2);
    for (const QString& t : p.professionalTypes)
        add(vocabularyLabel(Vocabulary::ProfessionalType, t), 2);
    for (const ServiceLocation& l : p.locations)
        add(l.city, 2);
    add(p.biography, 1);
    for (const QString& w : std::as_const(order)) {
        r.words.append(w);
        r.wordWeights.append(char(best.value(w)));
    }
    return r;
}

namespace {
// The stored form is a small hand-written binary layout (varints, UTF-8, dictionary numbers for
// every code and word): unlock decodes 100,000 of these, and QDataStream's UTF-16 strings and
// per-string allocations made that the slowest step of unlock.
class RecordWriter
{
public:
    RecordWriter(QByteArray& out, WordDictionary& dictionary)
        : m_out(out)
        , m_dictionary(dictionary)
    {}
    void byte(quint8 b) { m_out.append(char(b)); }
    void varint(quint64 v)
    {
        while (v >= 0x80) {
            byte(quint8(v | 0x80));
            v >>= 7;
        }
        byte(quint8(v));
    }
    void raw(const QByteArray& bytes) { m_out.append(bytes); }
    void text(const QString& s)
    {
        const QByteArray utf8 = s.toUtf8();
        varint(quint64(utf8.size()));
        raw(utf8);
    }
    // A code or word as its dictionary number; 0 stands for "none", so numbers are stored + 1.
    void optionalCode(const QString& code) { varint(code.isEmpty() ? 0 : quint64(m_dictionary.idOf(code)) + 1); }
    void codes(const QStringList& list)
    {
        varint(quint64(list.size()));
        for (const QString& c : list)
            varint(m_dictionary.idOf(c));
    }

private:
    QByteArray& m_out;
    WordDictionary& m_dictionary;
};

class RecordReader
{
public:
    RecordReader(const QByteArray& in, const WordDictionary& dictionary)
        : m_p(reinterpret_cast<const uchar*>(in.constData()))
        , m_end(m_p + in.size())
        , m_dictionary(dictionary)
    {}
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_p == m_end; }
    // A varint that must not exceed `max`: a larger one makes the record malformed.
    quint64 varintAtMost(quint64 max)
    {
        const quint64 v = varint();
        if (v > max) {
            m_ok = false;
            return 0;
        }
        return v;
    }
    quint8 byte()
    {
        if (m_p == m_end) {
            m_ok = false;
            return 0;
        }
        return *m_p++;
    }
    quint64 varint()
    {
        quint64 v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const quint8 b = byte();
            v |= quint64(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        m_ok = false;
        return 0;
    }
    // A count of items that each take at least `minBytes`: never more than what is left.
    qsizetype count(qsizetype minBytes = 1)
    {
        const quint64 n = varint();
        if (n > quint64(m_end - m_p) / quint64(minBytes)) {
            m_ok = false;
            return 0;
        }
        return qsizetype(n);
    }
    const char* raw(qsizetype n)
    {
        if (n < 0 || n > m_end - m_p) {
            m_ok = false;
            return nullptr;
        }
        const char* at = reinterpret_cast<const char*>(m_p);
        m_p += n;
        return at;
    }
    QString text()
    {
        const qsizetype n = count();
        const char* at = raw(n);
        return at ? QString::fromUtf8(at, n) : QString();
    }
    QString word(quint64 id)
    {
        if (id >= quint64(m_dictionary.size())) {
            m_ok = false;
            return {};
        }
        return m_dictionary.word(quint32(id)); // shared, not copied
    }
    QString optionalCode()
    {
        const quint64 v = varint();
        return v == 0 ? QString() : word(v - 1);
    }
    QStringList codes()
    {
        QStringList out;
        const qsizetype n = count();
        out.reserve(n);
        for (qsizetype i = 0; i < n && m_ok; ++i)
            out.append(word(varint()));
        return out;
    }

private:
    const uchar* m_p;
    const uchar* m_end;
    const WordDictionary& m_dictionary;
    bool m_ok = true;
};

enum Flag : quint16
{
    kActive = 1 << 0,
    kAccepting = 1 << 1,
    kRemote = 1 << 2,
    kInterpreter = 1 << 3,
    kFree = 1 << 4,
    kLegalAid = 1 << 5,
    kProBono = 1 << 6,
    kExpert = 1 << 7,
    kAcceptingInstructions = 1 << 8,
    kVerifiedOn = 1 << 9,
};
} // namespace

QByteArray IndexRecord::serialize(WordDictionary& dictionary) const
{
    QByteArray out;
    out.reserve(160 + name.size() + 5 * words.size());
    RecordWriter w(out, dictionary);
    w.byte(kFormat);
    w.raw(id.toRfc4122());
    w.raw(organisationId.toRfc4122());
    w.text(name);
    quint16 flags = 0;
    const std::pair<bool, Flag> bits[] = {{active, kActive},
                                          {accepting, kAccepting},
                                          {remote, kRemote},
                                          {interpreter, kInterpreter},
                                          {free, kFree},
                                          {legalAid, kLegalAid},
                                          {proBono, kProBono},
                                          {expert, kExpert},
                                          {acceptingInstructions, kAcceptingInstructions},
                                          {verifiedOn.isValid(), kVerifiedOn}};
    for (const auto& [on, flag] : bits)
        flags |= on ? flag : 0;
    w.varint(flags);
    w.varint(quint64(responseDays + 1)); // -1 (not stated) is stored as 0
    w.optionalCode(gender);
    w.optionalCode(verification);
    if (verifiedOn.isValid())
        w.varint(quint64(verifiedOn.toJulianDay()));
    w.codes(services);
    w.codes(languages);
    w.raw(lowProficiency);
    w.varint(quint64(coordinates.size()));
    for (const float c : coordinates) {
        const quint32 bitsOfFloat = qToLittleEndian(std::bit_cast<quint32>(c));
        w.raw(QByteArray(reinterpret_cast<const char*>(&bitsOfFloat), sizeof bitsOfFloat));
    }
    // One byte per location; a record made without the flags says every location is confidential.
    w.raw(confidential.size() == coordinates.size() / 2 ? confidential : QByteArray(coordinates.size() / 2, char(1)));
    if (expert) {
        w.codes(disciplines);
        w.codes(reportTypes);
        w.codes(jurisdictions);
        w.varint(quint64(std::max(0, courtAppearances)));
    }
    w.varint(quint64(hours.size()));
    for (const quint32 h : hours)
        w.varint(h);
    w.optionalCode(timeZone);
    w.codes(accessibility);
    w.varint(quint64(words.size()));
    for (const QString& word : words)
        w.varint(dictionary.idOf(word));
    w.raw(wordWeights);
    return out;
}

std::optional<IndexRecord> IndexRecord::deserialize(const QByteArray& bytes, const WordDictionary& dictionary,
                                                    Words words)
{
    RecordReader r(bytes, dictionary);
    if (r.byte() != kFormat)
        return std::nullopt;
    IndexRecord rec;
    const char* id = r.raw(16);
    const char* organisation = r.raw(16);
    if (!r.ok())
        return std::nullopt;
    rec.id = QUuid::fromRfc4122(QByteArrayView(id, 16));
    rec.organisationId = QUuid::fromRfc4122(QByteArrayView(organisation, 16));
    rec.name = r.text();
    const quint64 flags = r.varint();
    rec.active = flags & kActive;
    rec.accepting = flags & kAccepting;
    rec.remote = flags & kRemote;
    rec.interpreter = flags & kInterpreter;
    rec.free = flags & kFree;
    rec.legalAid = flags & kLegalAid;
    rec.proBono = flags & kProBono;
    rec.expert = flags & kExpert;
    rec.acceptingInstructions = flags & kAcceptingInstructions;
    rec.responseDays = qint16(qint64(r.varintAtMost(quint64(std::numeric_limits<qint16>::max()) + 1)) - 1);
    rec.gender = r.optionalCode();
    rec.verification = r.optionalCode();
    if (flags & kVerifiedOn)
        rec.verifiedOn = QDate::fromJulianDay(qint64(r.varint()));
    rec.services = r.codes();
    rec.languages = r.codes();
    if (const char* proficiency = r.raw(rec.languages.size()))
        rec.lowProficiency = QByteArray(proficiency, rec.languages.size());
    const qsizetype coordinates = r.count(4);
    if (coordinates % 2 != 0)
        return std::nullopt;
    rec.coordinates.reserve(coordinates);
    for (qsizetype i = 0; i < coordinates && r.ok(); ++i) {
        quint32 raw = 0;
        if (const char* at = r.raw(4))
            std::memcpy(&raw, at, 4);
        rec.coordinates.append(std::bit_cast<float>(qFromLittleEndian(raw)));
    }
    if (const char* confidential = r.raw(coordinates / 2))
        rec.confidential = QByteArray(confidential, coordinates / 2);
    if (rec.expert) {
        rec.disciplines = r.codes();
        rec.reportTypes = r.codes();
        rec.jurisdictions = r.codes();
        rec.courtAppearances = qint32(std::min<quint64>(r.varint(), quint64(std::numeric_limits<qint32>::max())));
    }
    const qsizetype hours = r.count();
    rec.hours.reserve(hours);
    for (qsizetype i = 0; i < hours && r.ok(); ++i)
        rec.hours.append(quint32(r.varint()));
    rec.timeZone = r.optionalCode();
    rec.accessibility = r.codes();
    const qsizetype count = r.count();
    rec.wordIds.resize(size_t(count));
    for (qsizetype i = 0; i < count && r.ok(); ++i) {
        const quint64 word = r.varint();
        if (word >= quint64(dictionary.size()))
            return std::nullopt;
        rec.wordIds[size_t(i)] = quint32(word);
    }
    if (const char* weights = r.raw(count))
        rec.wordWeights = QByteArray(weights, count);
    if (!r.ok() || !r.atEnd())
        return std::nullopt;
    if (words == Words::Text) {
        for (const quint32 word : rec.wordIds)
            rec.words.append(dictionary.word(word));
        rec.wordIds.clear();
    }
    return rec;
}

} // namespace htmse
