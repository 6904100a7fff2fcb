/** Names the demo data draws from: people, product words, the category tree, sizes and colours. */
export const FIRST_NAMES = [
  "Emma",
  "Liam",
  "Olivia",
  "Noah",
  "Ava",
  "Elijah",
  "Sophia",
  "James",
  "Mia",
  "Lucas",
  "Amelia",
  "Mateo",
  "Hannah",
  "Felix",
  "Lena",
  "Jonas",
  "Clara",
  "Paul",
  "Charlotte",
  "Oliver",
  "Isla",
  "Jack",
  "Freya",
  "Leo",
  "Sanne",
  "Daan",
  "Julia",
  "Finn",
  "Maya",
  "Ethan"
]
export const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Taylor",
  "Wilson",
  "Evans",
  "Thomas",
  "de Vries",
  "Jansen",
  "Bakker",
  "Visser",
  "Meyer",
  "Wagner",
  "Becker",
  "Clark",
  "Lewis",
  "Walker",
  "Hall",
  "Young",
  "King"
]
export const ADJECTIVES = [
  "Classic",
  "Essential",
  "Premium",
  "Organic",
  "Vintage",
  "Modern",
  "Everyday",
  "Urban",
  "Nordic",
  "Coastal",
  "Heritage",
  "Lightweight",
  "Recycled",
  "Signature",
  "Compact"
]

export interface CategoryNode {
  readonly name: string
  readonly nouns?: ReadonlyArray<string>
  readonly children?: ReadonlyArray<CategoryNode>
}

export const CATEGORY_TREE: ReadonlyArray<CategoryNode> = [
  {
    name: "Women",
    children: [
      { name: "Dresses", nouns: ["Dress", "Maxi Dress", "Wrap Dress"] },
      { name: "Tops", nouns: ["Blouse", "T-Shirt", "Knit Sweater"] },
      { name: "Women's Shoes", nouns: ["Sneaker", "Ankle Boot", "Loafer"] }
    ]
  },
  {
    name: "Men",
    children: [
      { name: "Shirts", nouns: ["Oxford Shirt", "Polo", "Henley"] },
      { name: "Trousers", nouns: ["Chino", "Jeans", "Jogger"] },
      { name: "Men's Shoes", nouns: ["Runner", "Derby", "Chelsea Boot"] }
    ]
  },
  {
    name: "Home",
    children: [
      { name: "Kitchen", nouns: ["Chef's Knife", "Dutch Oven", "Mug Set"] },
      { name: "Living", nouns: ["Throw Blanket", "Floor Lamp", "Cushion"] },
      { name: "Bedding", nouns: ["Duvet Cover", "Pillow", "Sheet Set"] }
    ]
  },
  {
    name: "Electronics",
    children: [
      {
        name: "Audio",
        children: [
          { name: "Headphones", nouns: ["Headphones", "Earbuds"] },
          { name: "Speakers", nouns: ["Bluetooth Speaker", "Soundbar"] }
        ]
      },
      { name: "Accessories", nouns: ["Charger", "Phone Case", "USB-C Cable"] }
    ]
  },
  { name: "Sale" }
]

export const SIZES = ["XS", "S", "M", "L", "XL"]
export const COLORS = ["black", "white", "navy", "olive", "sand", "red", "grey"]
