package dev.tandem.privacy.recognizers;

import static dev.tandem.privacy.PrivacyEntityTypes.*;

import dev.tandem.core.assessment.EntityType;
import dev.tandem.privacy.ContextWords;
import dev.tandem.privacy.Recognizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in recognizers and the context words of their types. Used by {@link
 * dev.tandem.privacy.PrivacyScanners}; the recognizers themselves are package-private.
 */
public final class BuiltInRecognizers {

    private static final List<Recognizer> ALL = List.of(
            new EmailRecognizer(),
            new PhoneRecognizer(),
            new PaymentCardRecognizer(),
            new IbanRecognizer(),
            new NationalIdRecognizer(),
            new NetworkRecognizer(),
            new SecretRecognizer(),
            new NameRecognizer(),
            new AddressRecognizer(),
            new DateAgeRecognizer(),
            new TopicRecognizer());

    private static final String[] NOT_PERSONAL_NUMBERS = {
        "order*",
        "invoice*",
        "isbn",
        "tracking",
        "serial",
        "ref",
        "reference",
        "sku",
        "ticket",
        "po",
        "id",
        "version",
        "build",
        "bestell*",
        "rechnung*",
        "auftrag*",
        "sendung*",
        "commande",
        "facture",
        "référence",
        "suivi",
        "pedido",
        "factura",
        "referencia",
        "seguimiento",
        "imei",
        "transaction",
        "txn",
        "zip",
        "plz"
    };

    private static final Map<EntityType, ContextWords> CONTEXT = context();

    private BuiltInRecognizers() {}

    public static List<Recognizer> all() {
        return ALL;
    }

    /** The context words of each built-in type. */
    public static Map<EntityType, ContextWords> contextWords() {
        return CONTEXT;
    }

    private static Map<EntityType, ContextWords> context() {
        Map<EntityType, ContextWords> context = new LinkedHashMap<>();
        context.put(
                PHONE,
                ContextWords.builder()
                        .positive(
                                "phone*",
                                "tel",
                                "tel.",
                                "telephone",
                                "mobile",
                                "cell*",
                                "call*",
                                "ring",
                                "text me",
                                "whatsapp",
                                "fax",
                                "sms",
                                "reach",
                                "telefon*",
                                "handy*",
                                "ruf*",
                                "anruf*",
                                "erreichbar",
                                "mobil*",
                                "téléphone",
                                "portable",
                                "appel*",
                                "joindre",
                                "joignable",
                                "teléfono",
                                "telefono",
                                "móvil",
                                "movil",
                                "llam*",
                                "contact*",
                                "contacto",
                                "número")
                        .negative(NOT_PERSONAL_NUMBERS)
                        .negative("account*", "konto*", "iban", "card", "karte*", "carte", "tarjeta", "ssn", "dni")
                        .wordsAfter(0)
                        .build());
        context.put(
                CREDIT_CARD,
                ContextWords.builder()
                        .positive(
                                "card*",
                                "credit",
                                "debit",
                                "visa",
                                "mastercard",
                                "amex",
                                "american express",
                                "maestro",
                                "discover",
                                "unionpay",
                                "jcb",
                                "cc",
                                "cvv",
                                "cvc",
                                "expir*",
                                "karte*",
                                "kreditkart*",
                                "carte",
                                "cb",
                                "tarjeta",
                                "pay*",
                                "zahl*",
                                "paiement",
                                "pago",
                                "bezahl*")
                        .negative(NOT_PERSONAL_NUMBERS)
                        .build());
        context.put(
                US_SSN,
                ContextWords.builder()
                        .positive("ssn", "social security", "social", "taxpayer", "tin", "itin", "ss#", "ss")
                        .negative(NOT_PERSONAL_NUMBERS)
                        .negative("phone*", "tel", "call*", "fax")
                        .build());
        context.put(
                UK_NINO,
                ContextWords.builder()
                        .positive("national insurance", "nino", "ni", "hmrc")
                        .build());
        context.put(
                ES_DNI,
                ContextWords.builder()
                        .positive("dni", "nie", "nif", "documento", "identidad")
                        .build());
        context.put(
                FR_NIR,
                ContextWords.builder()
                        .positive("sécurité sociale", "sécu", "nir", "insee", "carte vitale")
                        .build());
        context.put(
                IP_ADDRESS,
                ContextWords.builder()
                        .positive(
                                "ip",
                                "ipv4",
                                "ipv6",
                                "server",
                                "host",
                                "address",
                                "adresse",
                                "dirección",
                                "connect*",
                                "login",
                                "logged",
                                "client",
                                "ssh",
                                "ping",
                                "gateway",
                                "router",
                                "vpn")
                        .negative(
                                "version",
                                "v",
                                "ver",
                                "release",
                                "build",
                                "firmware",
                                "update",
                                "upgrade",
                                "oid",
                                "isbn",
                                "sdk",
                                "api",
                                "section",
                                "chapter",
                                "kapitel",
                                "chapitre",
                                "capítulo",
                                "paragraph",
                                "abschnitt",
                                "figure",
                                "table")
                        .build());
        context.put(
                MAC_ADDRESS,
                ContextWords.builder()
                        .positive("mac", "hardware", "ethernet", "wifi", "wlan", "device", "adapter")
                        .build());
        context.put(
                DATE_OF_BIRTH,
                ContextWords.builder()
                        .positive(
                                "born",
                                "birth*",
                                "dob",
                                "d.o.b",
                                "geboren",
                                "geburt*",
                                "geb",
                                "geb.",
                                "né",
                                "née",
                                "naissance",
                                "anniversaire",
                                "nacido",
                                "nacida",
                                "nacimiento",
                                "nací",
                                "naci",
                                "nació",
                                "cumpleaños",
                                "f. nac")
                        .boost(0.4)
                        .wordsAfter(1)
                        .build());
        context.put(
                PERSON,
                ContextWords.builder()
                        .positive(
                                "name",
                                "mr",
                                "mrs",
                                "ms",
                                "colleague*",
                                "kolleg*",
                                "collègue*",
                                "compañer*",
                                "patient*",
                                "paciente",
                                "client*",
                                "customer",
                                "kunde*",
                                "kundin",
                                "mandant*",
                                "employee",
                                "mitarbeiter*",
                                "empleado*",
                                "salarié*",
                                "manager",
                                "boss",
                                "chef*",
                                "jefe",
                                "jefa",
                                "contact",
                                "signed",
                                "wife",
                                "husband",
                                "son",
                                "daughter",
                                "tochter",
                                "sohn",
                                "mann",
                                "mari",
                                "femme",
                                "fils",
                                "fille",
                                "esposa",
                                "esposo",
                                "marido",
                                "hijo",
                                "hija",
                                "friend",
                                "freund*",
                                "ami",
                                "amie",
                                "amigo",
                                "amiga",
                                "neighbo*r",
                                "nachbar*",
                                "voisin*",
                                "vecin*",
                                "met",
                                "spoke",
                                "told",
                                "wrote",
                                "schrieb",
                                "called",
                                "asked",
                                "tenant",
                                "mieter*",
                                "locataire",
                                "inquilino",
                                "landlord",
                                "vermieter*",
                                "propriétaire",
                                "casero",
                                "doctor",
                                "dr",
                                "nurse",
                                "lawyer",
                                "anwalt",
                                "avocat",
                                "abogado")
                        .wordsAfter(1)
                        .build());
        context.put(
                STREET_ADDRESS,
                ContextWords.builder()
                        .positive(
                                "live*",
                                "address",
                                "adresse",
                                "anschrift",
                                "wohn*",
                                "dirección",
                                "domicilio",
                                "ship*",
                                "deliver*",
                                "liefer*",
                                "habite",
                                "vivo",
                                "vive",
                                "send",
                                "located")
                        .build());
        context.put(
                POSTCODE,
                ContextWords.builder()
                        .positive(
                                "postcode",
                                "postal",
                                "zip",
                                "plz",
                                "code postal",
                                "cp",
                                "código postal",
                                "address",
                                "adresse",
                                "anschrift",
                                "wohn*",
                                "live*",
                                "dirección",
                                "domicilio",
                                "habite",
                                "vivo",
                                "vive",
                                "lieferadresse",
                                "straße*",
                                "strasse*",
                                "str",
                                "rue",
                                "calle",
                                "avenue",
                                "avenida",
                                "road",
                                "street",
                                "lane",
                                "weg",
                                "platz",
                                "allee",
                                "gasse",
                                "boulevard",
                                "place",
                                "plaza",
                                "paseo",
                                "carrer")
                        .wordsBefore(10)
                        .negative(
                                "order*",
                                "invoice",
                                "ref",
                                "id",
                                "tel",
                                "phone",
                                "price",
                                "total",
                                "km",
                                "population",
                                "einwohner",
                                "habitants",
                                "habitantes",
                                "users",
                                "nutzer")
                        .build());
        context.put(
                AGE,
                ContextWords.builder()
                        .positive("age", "aged", "alter", "âge", "edad")
                        .build());
        context.put(
                ORGANIZATION,
                ContextWords.builder()
                        .positive(
                                "work*",
                                "employer",
                                "company",
                                "firma",
                                "arbeit*",
                                "unternehmen",
                                "société",
                                "entreprise",
                                "travaille",
                                "empresa",
                                "trabaj*")
                        .build());
        context.put(
                HEALTH,
                ContextWords.builder()
                        .positive(
                                "my",
                                "i",
                                "i'm",
                                "i've",
                                "me",
                                "he",
                                "she",
                                "his",
                                "her",
                                "him",
                                "patient*",
                                "diagnos*",
                                "prescri*",
                                "doctor",
                                "physician",
                                "therapist",
                                "suffer*",
                                "treat*",
                                "taking",
                                "takes",
                                "medication",
                                "dose",
                                "mg",
                                "mein",
                                "meine",
                                "meiner",
                                "meinem",
                                "ich",
                                "mir",
                                "mich",
                                "er",
                                "sie",
                                "sein",
                                "seine",
                                "ihr",
                                "ihre",
                                "arzt",
                                "ärztin",
                                "leide*",
                                "behandl*",
                                "verschrieb*",
                                "nehme",
                                "nimmt",
                                "diagnose*",
                                "mon",
                                "ma",
                                "mes",
                                "je",
                                "j'ai",
                                "il",
                                "elle",
                                "médecin",
                                "souffre",
                                "traitement",
                                "prends",
                                "prend",
                                "mi",
                                "mis",
                                "yo",
                                "tengo",
                                "tiene",
                                "él",
                                "ella",
                                "médico",
                                "padece",
                                "padezco",
                                "tratamiento",
                                "tomo",
                                "toma",
                                "recetó",
                                "diagnosticad*",
                                "diagnostiqué*")
                        .negative(
                                "research",
                                "market",
                                "stock",
                                "price*",
                                "history",
                                "article",
                                "wikipedia",
                                "explain",
                                "what is",
                                "was ist",
                                "qu'est-ce",
                                "qué es",
                                "forschung",
                                "recherche",
                                "investigación",
                                "statistics",
                                "statistik",
                                "awareness",
                                "campaign",
                                "company")
                        .build());
        context.put(
                FINANCIAL,
                ContextWords.builder()
                        .positive(
                                "salary",
                                "salaries",
                                "wage*",
                                "paid",
                                "pay",
                                "paycheck",
                                "income",
                                "earn*",
                                "bonus",
                                "balance",
                                "overdraft",
                                "debt*",
                                "loan",
                                "mortgage",
                                "savings",
                                "net worth",
                                "account",
                                "account number",
                                "acct",
                                "routing",
                                "sort code",
                                "gehalt",
                                "lohn",
                                "einkommen",
                                "verdien*",
                                "kontostand",
                                "konto*",
                                "schulden",
                                "kredit",
                                "hypothek",
                                "ersparnis*",
                                "dispo",
                                "salaire",
                                "revenu*",
                                "gagne",
                                "solde",
                                "compte",
                                "dette*",
                                "prêt",
                                "épargne",
                                "découvert",
                                "sueldo",
                                "salario",
                                "ingresos",
                                "gano",
                                "saldo",
                                "cuenta",
                                "deuda*",
                                "préstamo",
                                "hipoteca",
                                "ahorros",
                                "nómina")
                        .negative(NOT_PERSONAL_NUMBERS)
                        .boost(0.4)
                        .wordsBefore(5)
                        .build());
        context.put(
                SECRET,
                ContextWords.builder()
                        .positive("key", "secret", "token", "password", "credential*", "passwort")
                        .build());
        return Map.copyOf(context);
    }
}
