/**
 * Fixed reference data for the seed: the demo stores (with opening hours and tax rates, which the Store content
 * type does not model), the category tree, and the word lists names are built from.
 */

export type TaxClass = 'standard' | 'reduced' | 'zero';

/** Opening hours by ISO weekday (1 = Monday … 7 = Sunday): [open hour, close hour) in the store's local time. */
export type WeeklyHours = Readonly<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, readonly [number, number]>>;

export interface StoreProfile {
  code: string;
  name: string;
  timeZone: string;
  currency: string;
  hours: WeeklyHours;
  /** Tax rates in percent as canonical decimal text, the form sale lines store them in. */
  taxRates: Readonly<Record<TaxClass, string>>;
  /** Share of each day's sales in percent (the shares add up to 100). */
  share: number;
  registers: ReadonlyArray<{ licence: 'valid' | 'expired' | 'none'; weight: number }>;
}

const everyDay = (open: number, close: number, sunday: readonly [number, number]): WeeklyHours => ({
  1: [open, close],
  2: [open, close],
  3: [open, close],
  4: [open, close],
  5: [open, close],
  6: [open, close],
  7: sunday,
});

export const STORES: readonly StoreProfile[] = [
  {
    code: 'NYC01',
    name: 'CAS Manhattan',
    timeZone: 'America/New_York',
    currency: 'USD',
    hours: everyDay(9, 21, [11, 18]),
    taxRates: { standard: '8.875', reduced: '0', zero: '0' },
    share: 40,
    registers: [
      { licence: 'valid', weight: 45 },
      { licence: 'valid', weight: 40 },
      { licence: 'expired', weight: 15 },
    ],
  },
  {
    code: 'LAX01',
    name: 'CAS Los Angeles',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    hours: everyDay(10, 20, [10, 18]),
    taxRates: { standard: '9.5', reduced: '0', zero: '0' },
    share: 35,
    registers: [
      { licence: 'valid', weight: 60 },
      { licence: 'valid', weight: 40 },
    ],
  },
  {
    code: 'LON01',
    name: 'CAS London',
    timeZone: 'Europe/London',
    currency: 'GBP',
    hours: everyDay(8, 20, [10, 16]),
    taxRates: { standard: '20', reduced: '5', zero: '0' },
    share: 25,
    registers: [
      { licence: 'valid', weight: 92 },
      { licence: 'none', weight: 8 },
    ],
  },
];

export interface CategoryProfile {
  name: string;
  taxClass: TaxClass;
  /** Price range of its products in minor units. */
  price: readonly [number, number];
  nouns: readonly string[];
}

export interface DepartmentProfile {
  name: string;
  children: readonly CategoryProfile[];
}

const leaf = (name: string, taxClass: TaxClass, price: readonly [number, number], nouns: string): CategoryProfile => ({
  name,
  taxClass,
  price,
  nouns: nouns.split('|'),
});

export const DEPARTMENTS: readonly DepartmentProfile[] = [
  {
    name: 'Grocery',
    children: [
      leaf('Bakery', 'zero', [99, 899], 'Sourdough Loaf|Bagels|Croissants|Muffins|Rye Bread'),
      leaf('Dairy', 'zero', [99, 999], 'Whole Milk|Greek Yogurt|Cheddar|Butter|Oat Milk'),
      leaf('Snacks', 'standard', [99, 699], 'Crisps|Pretzels|Trail Mix|Popcorn|Granola Bar'),
      leaf('Beverages', 'standard', [99, 1299], 'Sparkling Water|Cold Brew|Lemonade|Kombucha|Iced Tea'),
      leaf('Pantry', 'zero', [149, 1499], 'Olive Oil|Pasta|Basmati Rice|Honey|Peanut Butter'),
    ],
  },
  {
    name: 'Health & Beauty',
    children: [
      leaf('Skincare', 'standard', [499, 4999], 'Moisturiser|Cleanser|Serum|Sunscreen|Face Mask'),
      leaf('Hair Care', 'standard', [399, 2999], 'Shampoo|Conditioner|Hair Oil|Styling Gel'),
      leaf('Vitamins', 'reduced', [599, 3999], 'Multivitamin|Vitamin D|Omega-3|Magnesium'),
      leaf('Oral Care', 'standard', [199, 1999], 'Toothpaste|Toothbrush|Floss|Mouthwash'),
    ],
  },
  {
    name: 'Home',
    children: [
      leaf('Kitchen', 'standard', [599, 12999], 'Chef Knife|Frying Pan|Cutting Board|Mixing Bowl|Kettle'),
      leaf('Bedding', 'standard', [1999, 19999], 'Duvet Cover|Pillow|Throw Blanket|Sheet Set'),
      leaf('Cleaning', 'standard', [199, 2499], 'Dish Soap|Sponges|Surface Spray|Laundry Pods'),
      leaf('Storage', 'standard', [499, 7999], 'Storage Box|Shelf Basket|Food Container|Hanger Set'),
      leaf('Energy Saving', 'reduced', [499, 8999], 'LED Bulb|Draught Excluder|Smart Plug|Radiator Foil'),
    ],
  },
  {
    name: 'Electronics',
    children: [
      leaf('Audio', 'standard', [1999, 34999], 'Headphones|Earbuds|Bluetooth Speaker|Soundbar'),
      leaf('Phone Accessories', 'standard', [499, 5999], 'Phone Case|Screen Protector|Car Mount|Power Bank'),
      leaf('Computer Accessories', 'standard', [999, 14999], 'Keyboard|Mouse|Webcam|USB Hub|Laptop Stand'),
      leaf('Cables', 'standard', [499, 2999], 'USB-C Cable|HDMI Cable|Lightning Cable|Extension Lead'),
    ],
  },
  {
    name: 'Toys & Games',
    children: [
      leaf('Board Games', 'standard', [1499, 6999], 'Strategy Game|Party Game|Family Game|Card Game'),
      leaf('Puzzles', 'standard', [799, 3999], 'Jigsaw Puzzle|Brain Teaser|3D Puzzle'),
      leaf('Outdoor Play', 'standard', [999, 9999], 'Kite|Frisbee|Football|Water Blaster'),
    ],
  },
  {
    name: 'Books & Stationery',
    children: [
      leaf('Books', 'zero', [499, 3999], 'Novel|Cookbook|Travel Guide|Biography|Atlas'),
      leaf('Notebooks', 'standard', [299, 2999], 'Notebook|Journal|Sketchbook|Planner'),
      leaf('Pens', 'standard', [99, 2499], 'Gel Pen|Fountain Pen|Highlighter Set|Pencil Set'),
      leaf('Cards & Wrap', 'standard', [199, 899], 'Greeting Card|Gift Wrap|Gift Bag|Ribbon'),
    ],
  },
  {
    name: 'Baby',
    children: [
      leaf('Baby Safety', 'reduced', [1999, 24999], 'Car Seat|Stair Gate|Baby Monitor'),
      leaf('Baby Care', 'standard', [299, 2999], 'Baby Wipes|Nappy Cream|Baby Shampoo|Bib Set'),
    ],
  },
];

export const PRODUCT_ADJECTIVES = [
  'Classic',
  'Organic',
  'Premium',
  'Everyday',
  'Deluxe',
  'Compact',
  'Eco',
  'Artisan',
  'Essential',
  'Signature',
  'Heritage',
  'Urban',
  'Coastal',
  'Nordic',
  'Studio',
  'Travel',
] as const;

export const PRODUCT_VARIANTS = [
  'Small',
  'Medium',
  'Large',
  'Black',
  'White',
  'Blue',
  'Green',
  'Grey',
  'Red',
  '2-Pack',
  '4-Pack',
  'Mini',
  'XL',
] as const;

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Ava',
  'Elijah',
  'Sophia',
  'James',
  'Isabella',
  'William',
  'Mia',
  'Benjamin',
  'Charlotte',
  'Lucas',
  'Harper',
  'Henry',
  'Evelyn',
  'Theo',
  'Priya',
  'Arjun',
  'Mei',
  'Wei',
  'Fatima',
  'Omar',
  'Sofia',
  'Mateo',
  'Chloe',
  'Jack',
  'Grace',
  'George',
  'Aisha',
  'Yusuf',
  'Hana',
  'Kenji',
  'Lucia',
  'Diego',
  'Freya',
  'Oscar',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Patel',
  'Khan',
  'Chen',
  'Wang',
  'Nguyen',
  'Kim',
  'Singh',
  'Evans',
  'Roberts',
  'Walker',
  'Wright',
  'Hughes',
  'Edwards',
  'Hall',
  'Lopez',
  'Gonzalez',
  'Clarke',
  'Murphy',
  'Kelly',
  'Ahmed',
] as const;

export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com'] as const;

export const DISCOUNT_WORDS = [
  'WELCOME',
  'SPRING',
  'SUMMER',
  'AUTUMN',
  'WINTER',
  'LOYALTY',
  'FLASH',
  'WEEKEND',
  'STUDENT',
  'STAFF',
  'BUNDLE',
  'CLEARANCE',
  'HOLIDAY',
  'VIP',
  'FRIENDS',
  'NEWSLETTER',
] as const;
